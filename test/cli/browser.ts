/**
 * Debian's chromium, driven by playwright-core (which downloads no browser), for the report's
 * browser tests. `scripts/browser.sh` (run by `npm test`'s pretest) installs it; when it is not
 * there, the tests fail: a browser test is never skipped.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { Browser, BrowserContext, ConsoleMessage, Page, chromium } from "playwright-core";
import { REPO } from "./helpers";

/** The executable `scripts/browser.sh path` names (it fails, and so does this, when there is none). */
export function chromiumPath(): string {
    return execFileSync("bash", [path.join(REPO, "scripts", "browser.sh"), "path"], { encoding: "utf8" }).trim();
}

export async function launchBrowser(): Promise<Browser> {
    return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
}

export interface OpenedPage {
    context: BrowserContext;
    page: Page;
    /** Console errors and warnings, page errors, CSP violations and refused requests, as they happened. */
    problems: string[];
    /** Every request the page tried to make (all were refused). */
    requests: string[];
}

/**
 * A report file opened from disk in a fresh context with every network request refused (route
 * blocking), collecting console errors, uncaught errors and Content-Security-Policy violations.
 */
export async function openReport(browser: Browser, file: string, options: { hash?: string; colorScheme?: "light" | "dark"; viewport?: { width: number; height: number } } = {}): Promise<OpenedPage> {
    const context = await browser.newContext({ colorScheme: options.colorScheme ?? "light", viewport: options.viewport ?? { width: 1280, height: 900 }, javaScriptEnabled: true });
    const problems: string[] = [];
    const requests: string[] = [];
    await context.route("**/*", async (route) => {
        const url = route.request().url();
        if (url.startsWith("file:")) {
            await route.continue();
            return;
        }
        requests.push(url);
        problems.push(`network request: ${url}`);
        await route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    page.on("console", (message: ConsoleMessage) => {
        if (message.type() === "error" || message.type() === "warning") {
            problems.push(`console ${message.type()}: ${message.text()}`);
        }
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
            console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
    });
    await page.goto(`file://${file}${options.hash === undefined ? "" : `#${options.hash}`}`, { waitUntil: "load" });
    return { context, page, problems, requests };
}
