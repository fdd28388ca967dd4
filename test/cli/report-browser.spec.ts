/**
 * The report as a person sees it, in Debian's chromium (headless, through playwright-core), opened
 * from disk with every network request refused: the totals, the filters and the URL that keeps
 * them, a matrix cell opening its findings, the exemptions that need a decision, the keyboard, no
 * console error or CSP violation, hostile input shown as text. Screenshots go to
 * $REPORT_SCREENSHOTS (default: a temporary folder), light and dark.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Browser, Page } from "playwright-core";
import { leakedFragments } from "../harness/fake-credentials";
import { OpenedPage, launchBrowser, openReport } from "./browser";
import { tempDir, upstashGuard } from "./helpers";
import { ALL_SECRETS, EXPECTED, HOSTILE_NAME, HOSTILE_STACK, buildFleet, fleetReport, syntheticFleet } from "./report-fleet";

const SCREENSHOTS = process.env.REPORT_SCREENSHOTS ?? tempDir("screenshots");

async function shownCount(page: Page): Promise<number> {
    return page.locator("#finding-list > li").count();
}

/**
 * Waits until the list shows `n` findings, then says how many it shows: a fragment change reaches the
 * script in an event, and on a loaded machine a click's effect may land after Playwright's click returns.
 */
async function listOf(page: Page, n: number): Promise<number> {
    await page.waitForFunction((count) => document.querySelectorAll("#finding-list > li").length === count, n, { timeout: 5000 }).catch(() => undefined);
    return shownCount(page);
}

async function countText(page: Page): Promise<string> {
    return (await page.locator("#finding-count").textContent()) ?? "";
}

describe("upstash-guard report in a browser (Debian chromium, headless)", function () {
    let browser: Browser;
    let file: string;
    let opened: OpenedPage[] = [];

    async function open(options: Parameters<typeof openReport>[2] = {}): Promise<OpenedPage> {
        const o = await openReport(browser, file, options);
        opened.push(o);
        return o;
    }

    before(async function () {
        browser = await launchBrowser();
        const fleet = await buildFleet();
        const history = path.join(fleet.dir, "history.json");
        // Three runs a week apart, so the burn-down has a trend to draw.
        for (const days of [-14, -7]) {
            const at = new Date(Date.parse(fleet.generatedAt) + days * 86_400_000).toISOString();
            await fleetReport({ ...fleet, generatedAt: at }, ["--history", history]);
        }
        file = (await fleetReport(fleet, ["--history", history])).file;
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
    });

    afterEach(async function () {
        for (const o of opened) {
            await o.context.close();
        }
        opened = [];
    });

    after(async function () {
        await browser?.close();
    });

    it("opens from disk with the network blocked: no request, no console error, no CSP violation, and the list filled by its script", async () => {
        const { page, problems, requests } = await open();
        assert.ok((await shownCount(page)) > 0);
        assert.deepStrictEqual(requests, []);
        assert.deepStrictEqual(problems, []);
    });

    it("its Content-Security-Policy refuses any other inline script (the check of violations is not vacuous)", async () => {
        const { page, problems } = await open();
        await page.evaluate(() => {
            const script = document.createElement("script");
            script.textContent = "window.__injected = true";
            document.body.append(script);
        });
        assert.strictEqual(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected), undefined);
        assert.ok(problems.some((p) => /CSP violation: script-src/.test(p)), problems.join("\n"));
    });

    it("shows totals equal to the input", async () => {
        const { page } = await open();
        const total = async (id: string): Promise<number> => Number(((await page.locator(`[data-total="${id}"]`).textContent()) ?? "").replace(/,/g, ""));
        assert.strictEqual(await total("blocking"), EXPECTED.blocking);
        assert.strictEqual(await total("advisory"), EXPECTED.advisory);
        assert.strictEqual(await total("exempted"), EXPECTED.exempted);
        assert.strictEqual(await total("exemptions-expired"), EXPECTED.exemptionsExpired);
        assert.strictEqual(await total("stacks-clean"), EXPECTED.stacksClean);
        assert.strictEqual(await total("stacks-with-findings"), EXPECTED.stacksWithFindings);
        const all = EXPECTED.blocking + EXPECTED.advisory + EXPECTED.exempted + EXPECTED.note;
        assert.match(await countText(page), new RegExp(`of ${all} matching findings \\(${all} in the report\\)`));
    });

    it("narrows the list with a filter, keeps it in the URL, and a shared link opens with it", async () => {
        const { page } = await open();
        await page.selectOption("#f-level", "blocking");
        assert.strictEqual(await listOf(page, EXPECTED.blocking), EXPECTED.blocking);
        assert.ok((await page.locator("#finding-list .badge").allTextContents()).every((t) => t === "blocking"));
        await page.selectOption("#f-policy", "upstash-tls-required");
        assert.strictEqual(await listOf(page, 2), 2);
        const url = page.url();
        assert.match(url, /#policy=upstash-tls-required&level=blocking$/);
        await page.fill("#f-q", "storefront");
        assert.strictEqual(await listOf(page, 0), 0);
        assert.match(page.url(), /&q=storefront$/);

        const shared = await open({ hash: url.slice(url.indexOf("#") + 1) });
        assert.strictEqual(await listOf(shared.page, 2), 2);
        assert.strictEqual(await shared.page.inputValue("#f-level"), "blocking");
        assert.strictEqual(await shared.page.inputValue("#f-policy"), "upstash-tls-required");
        await shared.page.click("#f-reset");
        const all = EXPECTED.blocking + EXPECTED.advisory + EXPECTED.exempted + EXPECTED.note;
        assert.strictEqual(await listOf(shared.page, all), all);
    });

    it("opens a matrix cell's findings, by mouse and by keyboard", async () => {
        const { page } = await open();
        const row = page.locator("#matrix tbody tr", { has: page.locator("th", { hasText: /^shop\/dev$/ }) });
        const cells = row.locator("td");
        // Columns: all policies, then the pack's policies in order; the cell of upstash-budget-required.
        const headers = await page.locator("#matrix thead th").evaluateAll((ths) => ths.map((th) => th.getAttribute("title") ?? th.textContent ?? ""));
        const column = headers.indexOf("upstash-budget-required") - 1;
        await cells.nth(column).locator("a").click();
        assert.strictEqual(await listOf(page, 1), 1);
        assert.match(page.url(), /#stack=shop%2Fdev&policy=upstash-budget-required$/);
        assert.strictEqual(await page.evaluate(() => document.activeElement?.id), "findings-heading");
        assert.match((await page.locator("#finding-list li").first().textContent()) ?? "", /blocking.*upstash-budget-required.*shop\/dev/s);

        // Keyboard: from the last column's header, Tab reaches the first link of the first row (the
        // stack with the most blocking findings): its all-policies cell; Enter opens it.
        await page.locator("#matrix thead button").last().focus();
        await page.keyboard.press("Tab");
        assert.strictEqual(await page.evaluate(() => document.activeElement?.closest("tr")?.querySelector("th")?.textContent), "shop/dev");
        await page.keyboard.press("Enter");
        assert.strictEqual(await listOf(page, 6), 6, "3 blocking, 2 advisory, 1 note");
        assert.strictEqual(await page.inputValue("#f-stack"), "shop/dev");
    });

    it("puts the worst stack first, sorts by a column from its header with the keyboard, and shows 100 stacks until asked for all", async () => {
        const { page } = await open();
        const firstStack = async (): Promise<string> => (await page.locator("#matrix tbody th").first().textContent()) ?? "";
        assert.strictEqual(await firstStack(), "shop/dev", "most blocking first");
        await page.locator('#matrix thead button[data-column="0"]').focus();
        await page.keyboard.press("Enter");
        assert.strictEqual(await firstStack(), HOSTILE_STACK, "by name, A to Z");
        assert.strictEqual(await page.locator("#matrix thead th").first().getAttribute("aria-sort"), "ascending");
        assert.strictEqual(await page.locator("#matrix-all").count(), 0, "five stacks: all shown");

        const big = path.join(tempDir("big-fleet"), "report.html");
        const res = await upstashGuard(["report", ...syntheticFleet(150, 3), "--generated-at", "2027-01-04", "-o", big]);
        assert.strictEqual(res.code, 0, res.stderr);
        const many = await openReport(browser, big);
        opened.push(many);
        assert.strictEqual(await many.page.locator("#matrix tbody tr:visible").count(), 100);
        await many.page.locator("#matrix-all").press("Enter");
        assert.strictEqual(await many.page.locator("#matrix tbody tr:visible").count(), 150);
        assert.deepStrictEqual(many.problems, []);
    });

    it("singles out the expired exemption and those expiring soon, with days left", async () => {
        const { page } = await open();
        const expired = page.locator("#exemptions-expired tbody tr");
        assert.strictEqual(await expired.count(), EXPECTED.exemptionsExpired);
        assert.match((await expired.first().textContent()) ?? "", /expired.*upstash-rate-limit-public-apis.*expired 3 days ago/s);
        const expiring = page.locator("#exemptions-expiring tbody tr");
        assert.strictEqual(await expiring.count(), EXPECTED.exemptionsExpiring);
        for (const text of await expiring.allTextContents()) {
            assert.match(text, /^expiring.*10 days left/s);
        }
        // The findings the expired exemption no longer covers say so.
        await page.selectOption("#f-policy", "upstash-rate-limit-public-apis");
        await page.fill("#f-q", "many-mistakes");
        assert.match((await page.locator("#finding-list").textContent()) ?? "", /Not exempted: an exemption expired on/);
        // Every exemption is in a folded table that a link to it opens, leaving the filters alone.
        assert.strictEqual(await page.locator("#all-exemptions").getAttribute("open"), null);
        await page.evaluate(() => {
            location.hash = "all-exemptions";
        });
        await page.waitForFunction(() => (document.getElementById("all-exemptions") as HTMLDetailsElement).open, undefined, { timeout: 5000 });
        assert.strictEqual(await page.locator("#exemptions-all tbody tr").count(), 7);
        assert.strictEqual(await page.inputValue("#f-policy"), "upstash-rate-limit-public-apis");
    });

    it("shows hostile input as text: no injected element runs or appears, and no credential anywhere in the page", async () => {
        const { page, problems } = await open({ hash: "stack=" + encodeURIComponent(HOSTILE_STACK) });
        assert.strictEqual(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
        assert.strictEqual(await page.locator("img, i, svg script").count(), 0);
        const listText = (await page.locator("#finding-list").textContent()) ?? "";
        assert.ok(listText.includes(HOSTILE_NAME), "the name is shown, as text");
        const everything = await page.evaluate(() => document.documentElement.outerHTML + document.body.innerText);
        assert.deepStrictEqual(leakedFragments(everything, ALL_SECRETS), []);
        assert.deepStrictEqual(problems, []);
    });

    it("is readable in light and dark mode, severity also in words (screenshots)", async () => {
        for (const colorScheme of ["light", "dark"] as const) {
            const { page, problems } = await open({ colorScheme, viewport: { width: 1280, height: 1000 } });
            const colours = await page.evaluate(() => {
                const style = getComputedStyle(document.body);
                return { fg: style.color, bg: style.backgroundColor };
            });
            assert.notStrictEqual(colours.fg, colours.bg);
            assert.strictEqual(colorScheme === "dark", colours.bg === "rgb(13, 17, 23)", `${colorScheme}: ${colours.bg}`);
            const badges = await page.locator("#finding-list .badge").allTextContents();
            assert.ok(badges.includes("blocking") && badges.includes("advisory") && badges.includes("exempted"), badges.join());
            await page.screenshot({ path: path.join(SCREENSHOTS, `report-${colorScheme}.png`) });
            await page.screenshot({ path: path.join(SCREENSHOTS, `report-${colorScheme}-full.png`), fullPage: true });
            assert.deepStrictEqual(problems, []);
        }
    });
});
