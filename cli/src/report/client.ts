/// <reference lib="dom" />
/**
 * The page's only script, inlined by `page.ts` as `(<this function's source>)()` and allowed by the
 * page's Content-Security-Policy through its hash. It imports nothing and reads everything from the
 * page: the findings from the JSON in `#report-data`, the filters from the URL's fragment. It writes
 * inputs' text only through `textContent`, never as HTML.
 */
export function reportClient(): void {
    interface Policy {
        name: string;
        severity: string;
        docsUrl: string;
        fix: string;
    }
    interface Data {
        strings: string[];
        statuses: string[];
        policies: Policy[];
        /** [stack, project, policy, status, platform, type, resource, message, exemption, severity, urn] */
        findings: number[][];
    }
    const PAGE = 100;
    const FILTERS = ["stack", "project", "policy", "level", "platform", "q"];
    const dataElement = document.getElementById("report-data");
    if (dataElement === null || dataElement.textContent === null) {
        return;
    }
    const data = JSON.parse(dataElement.textContent) as Data;
    const s = data.strings;
    const list = document.getElementById("finding-list") as HTMLOListElement;
    const count = document.getElementById("finding-count") as HTMLElement;
    const more = document.getElementById("finding-more") as HTMLButtonElement;
    const heading = document.getElementById("findings-heading") as HTMLElement;
    const controls = new Map<string, HTMLInputElement | HTMLSelectElement>();
    for (const name of FILTERS) {
        const control = document.getElementById(`f-${name}`);
        if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement) {
            controls.set(name, control);
        }
    }
    let haystacks: string[] | undefined;
    let shown: number[][] = [];
    let rendered = 0;

    function haystackOf(f: number[]): string {
        return [s[f[0]], s[f[1]], data.policies[f[2]].name, data.statuses[f[3]], s[f[4]], s[f[5]], s[f[6]], s[f[7]], s[f[8]], s[f[10]]].join("\n").toLowerCase();
    }

    function matches(f: number[], index: number, wanted: Map<string, string>): boolean {
        const checks: [string, string][] = [
            ["stack", s[f[0]]],
            ["project", s[f[1]]],
            ["policy", data.policies[f[2]].name],
            ["level", data.statuses[f[3]]],
            ["platform", s[f[4]]],
        ];
        for (const [name, value] of checks) {
            const want = wanted.get(name);
            if (want !== undefined && want !== "" && want !== value) {
                return false;
            }
        }
        const q = (wanted.get("q") ?? "").trim().toLowerCase();
        if (q === "") {
            return true;
        }
        haystacks ??= data.findings.map(haystackOf);
        return haystacks[index].includes(q);
    }

    function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
        const e = document.createElement(tag);
        if (className !== "") {
            e.className = className;
        }
        if (text !== undefined) {
            e.textContent = text;
        }
        return e;
    }

    function findingItem(f: number[]): HTMLLIElement {
        const policy = data.policies[f[2]];
        const status = data.statuses[f[3]];
        const item = element("li", `finding status-${status}`);
        const head = element("p", "finding-head");
        head.append(element("span", `badge badge-${status}`, status));
        const severity = s[f[9]];
        if (severity !== "") {
            head.append(element("span", "severity", `severity: ${severity}`));
        }
        if (policy.docsUrl !== "") {
            const link = element("a", "policy", policy.name);
            link.href = policy.docsUrl;
            link.rel = "noreferrer";
            head.append(link);
        } else {
            head.append(element("span", "policy", policy.name));
        }
        head.append(element("span", "stack", s[f[0]]));
        const where = s[f[6]] === "" ? "the stack" : `${s[f[5]]} '${s[f[6]]}'`;
        head.append(element("span", "resource", where));
        item.append(head, element("p", "message", s[f[7]]));
        if (s[f[8]] !== "") {
            item.append(element("p", "exemption", status === "exempted" ? `Exempted: ${s[f[8]]}` : `Not exempted: ${s[f[8]]}`));
        }
        if (policy.fix !== "") {
            const details = element("details", "fix");
            details.append(element("summary", "", "How to fix"), element("p", "", policy.fix));
            item.append(details);
        }
        return item;
    }

    function renderMore(): void {
        const end = Math.min(shown.length, rendered + PAGE);
        const fragment = document.createDocumentFragment();
        for (let i = rendered; i < end; i++) {
            fragment.append(findingItem(shown[i]));
        }
        list.append(fragment);
        rendered = end;
        count.textContent = `Showing ${rendered.toLocaleString("en-US")} of ${shown.length.toLocaleString("en-US")} matching findings (${data.findings.length.toLocaleString("en-US")} in the report).`;
        more.hidden = rendered >= shown.length;
    }

    function wantedFromControls(): Map<string, string> {
        const wanted = new Map<string, string>();
        controls.forEach((control, name) => {
            if (control.value !== "") {
                wanted.set(name, control.value);
            }
        });
        return wanted;
    }

    function apply(wanted: Map<string, string>): void {
        shown = data.findings.filter((f, i) => matches(f, i, wanted));
        list.replaceChildren();
        rendered = 0;
        renderMore();
    }

    function fragmentOf(wanted: Map<string, string>): string {
        const params = new URLSearchParams();
        for (const name of FILTERS) {
            const value = wanted.get(name);
            if (value !== undefined) {
                params.set(name, value);
            }
        }
        return params.toString();
    }

    /** Sets the controls from the URL's fragment; a value no select offers is added as an option, so a shared link keeps it. */
    function readFragment(): Map<string, string> {
        const params = new URLSearchParams(location.hash.replace(/^#/, ""));
        const wanted = new Map<string, string>();
        controls.forEach((control, name) => {
            const value = params.get(name) ?? "";
            if (control instanceof HTMLSelectElement && value !== "" && !Array.from(control.options).some((o) => o.value === value)) {
                control.append(new Option(value, value));
            }
            control.value = value;
            if (value !== "") {
                wanted.set(name, value);
            }
        });
        return wanted;
    }

    function onControlChange(): void {
        const wanted = wantedFromControls();
        const fragment = fragmentOf(wanted);
        history.replaceState(null, "", fragment === "" ? location.pathname + location.search : `#${fragment}`);
        apply(wanted);
    }

    controls.forEach((control) => control.addEventListener(control instanceof HTMLInputElement ? "input" : "change", onControlChange));
    more.addEventListener("click", renderMore);
    const reset = document.getElementById("f-reset");
    reset?.addEventListener("click", () => {
        controls.forEach((control) => {
            control.value = "";
        });
        onControlChange();
    });
    window.addEventListener("hashchange", () => {
        // A plain anchor (`#all-exemptions`) is a place in the page, not filters: open it if it is folded.
        if (!location.hash.includes("=") && location.hash.length > 1) {
            const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
            if (target instanceof HTMLDetailsElement) {
                target.open = true;
                target.scrollIntoView();
            }
            return;
        }
        apply(readFragment());
        heading.focus();
        heading.scrollIntoView();
    });

    // The stack × policy matrix: the first rows shown until "Show all stacks"; sorts by any column
    // (click, or Enter/Space on its header button): names A to Z first, counts largest first.
    const matrix = document.getElementById("matrix");
    const firstRows = Number(matrix?.dataset.rows ?? Infinity);
    let allRows = false;
    function showRows(body: HTMLTableSectionElement): void {
        Array.from(body.rows).forEach((row, i) => {
            row.hidden = !allRows && i >= firstRows;
        });
    }
    const showAll = document.getElementById("matrix-all");
    showAll?.addEventListener("click", () => {
        allRows = true;
        const body = matrix?.querySelector("tbody");
        if (body) {
            showRows(body);
        }
        showAll.closest("p")?.remove();
    });
    matrix?.querySelectorAll<HTMLButtonElement>("th button[data-column]").forEach((button) => {
        button.addEventListener("click", () => {
            const column = Number(button.dataset.column);
            const th = button.closest("th");
            const current = th?.getAttribute("aria-sort");
            const descending = current === null || current === undefined ? column !== 0 : current === "ascending";
            matrix.querySelectorAll("th[aria-sort]").forEach((other) => other.removeAttribute("aria-sort"));
            th?.setAttribute("aria-sort", descending ? "descending" : "ascending");
            const body = matrix.querySelector("tbody");
            if (body === null) {
                return;
            }
            const rows = Array.from(body.rows);
            const key = (row: HTMLTableRowElement): string | number => {
                const cell = row.cells[column];
                return column === 0 ? cell.textContent ?? "" : Number(cell.dataset.rank ?? 0);
            };
            rows.sort((a, b) => {
                const [ka, kb] = [key(a), key(b)];
                const order = ka < kb ? -1 : ka > kb ? 1 : 0;
                return descending ? -order : order;
            });
            body.append(...rows);
            showRows(body);
        });
    });

    apply(readFragment());
    document.documentElement.classList.add("js");
}
