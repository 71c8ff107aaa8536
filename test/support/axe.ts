// Accessibility checks with axe-core inside a page, under the page's own Content-Security-Policy:
// axe.min.js is loaded as a same-origin script (a path this test answers with page.route), which
// `script-src 'self'` allows, so nothing is relaxed for the check. Only serious and critical
// findings fail a test; each is reported as rule, impact and the elements it names.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_PATH = "/__test__/axe.min.js";
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

// The page's globals as the check sees them; the tests are compiled without the DOM types.
declare const window: {
  axe: {
    run(options: unknown): Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
  };
};

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical axe findings on the page as it is now (WCAG 2.1 A and AA rules and best practices). */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  const origin = new URL(page.url()).origin;
  await page.route(`${origin}${AXE_PATH}`, (route) => route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: axeSource }));
  await page.addScriptTag({ url: `${origin}${AXE_PATH}` });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact ?? "", help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
