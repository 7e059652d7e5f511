import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { expectAccessible, hydrated, signIn, signOut } from "./helpers";

function isoDaysAhead(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A small but real PDF header followed by padding up to `bytes`. */
function pdf(bytes: number): Buffer {
  const head = Buffer.from("%PDF-1.4\n% evidence\n");
  return Buffer.concat([head, Buffer.alloc(Math.max(0, bytes - head.length), 0x20)]);
}

async function recordActivity(page: Page, title: string, date: string, type: string): Promise<void> {
  await page.goto("/cpd/new");
  await hydrated(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Type of activity").selectOption({ label: type });
  await page.getByLabel("Date", { exact: true }).fill(date);
  await page.getByLabel("Hours").fill("2");
  await page.getByLabel("What I learnt").fill(`What ${title} taught me`);
  await page.getByRole("button", { name: "Save activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My CPD" })).toBeVisible();
}

test("a staff member adds evidence to an activity and watches the upload progress", async ({ page }) => {
  await signIn(page, "staff@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sam Patel" })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: /CPD hours against target/ })).toBeVisible();
  await expectAccessible(page);

  await recordActivity(page, "Brachytherapy QA course", isoDaysAhead(-20), "Formal / educational");
  await page.getByRole("table", { name: "CPD activities" }).getByRole("link", { name: "Brachytherapy QA course" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Evidence" })).toBeVisible();
  await hydrated(page);
  await expect(page.getByText("No evidence files yet.")).toBeVisible();
  await expectAccessible(page);

  // A file that is not allowed: the message sits next to the field.
  await page.getByLabel("Add an evidence file").setInputFiles({ name: "notes.html", mimeType: "text/html", buffer: Buffer.from("<script>alert(1)</script>") });
  await page.getByRole("button", { name: "Upload file" }).click();
  await expect(page.locator("#evidence-file-error")).toContainText("must be a PDF");
  await expect(page.getByText("No evidence files yet.")).toBeVisible();

  // Slow the upload so the bar has time to move.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 1_500_000 });
  await page.getByLabel("Add an evidence file").setInputFiles({ name: "certificate.pdf", mimeType: "application/pdf", buffer: pdf(4 * 1024 * 1024) });
  await page.getByRole("button", { name: "Upload file" }).click();
  const bar = page.getByRole("progressbar", { name: "Upload progress" });
  const seen = new Set<number>();
  await expect(async () => {
    const value = Number(await bar.getAttribute("value"));
    seen.add(value);
    expect(value).toBe(100);
  }).toPass({ intervals: [50], timeout: 30_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  expect([...seen].some((v) => v > 0 && v < 100), `intermediate values seen: ${[...seen]}`).toBe(true);
  await expect(page.getByRole("status")).toContainText("Uploaded certificate.pdf");
  const files = page.getByRole("table", { name: "Evidence files" });
  await expect(files).toContainText("certificate.pdf");
  await expect(files).toContainText("4.0 MB");
  await expect(page.locator("#evidence-file-error")).toHaveCount(0);
  await expectAccessible(page);
});

test("a staff member books protected learning time and their manager approves it", async ({ page }) => {
  const date = isoDaysAhead(14);
  await signIn(page, "staff@demo.test");
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Learning time" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Protected learning time" })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel("Date").fill(date);
  await page.getByLabel("Hours").fill("0");
  await page.getByLabel("Purpose").fill("Work through the IPEM report on MR safety");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByLabel("Hours")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert")).toContainText("Hours must be more than 0");
  await page.getByLabel("Hours").fill("3.5");
  await page.getByRole("button", { name: "Send request" }).click();
  const sessions = page.getByRole("table", { name: "Sessions" });
  await expect(sessions).toContainText("Awaiting decision");
  await expect(sessions).toContainText(date);
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, "manager@demo.test");
  await expect(page.getByRole("link", { name: /Awaiting your decision: 1 learning time request\b/ })).toBeVisible();
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Approvals" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Approvals" })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  const request = page.getByRole("region", { name: `Sam Patel: 3.5 hours on ${date}` });
  await request.getByRole("button", { name: "Decline" }).click();
  await expect(request.getByLabel("Comment (needed to decline)")).toHaveAttribute("aria-invalid", "true");
  await expect(request).toContainText("Say why the request is declined");
  await expectAccessible(page);
  await request.getByLabel("Comment (needed to decline)").fill("Enjoy the report");
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Nothing is waiting for you.")).toBeVisible();
  await signOut(page);

  await signIn(page, "staff@demo.test");
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Learning time" }).click();
  await expect(page.getByRole("table", { name: "Sessions" })).toContainText("Approved");
  await expect(page.getByRole("table", { name: "Sessions" })).toContainText("Enjoy the report");
});

test("a staff member builds the CPD profile, prints it and downloads it with the evidence", async ({ page }) => {
  await signIn(page, "staff@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sam Patel" })).toBeVisible();
  for (const [n, type] of [[1, "Work-based learning"], [2, "Self-directed learning"], [3, "Professional activity"]] as const) {
    await recordActivity(page, `Profile activity ${n}`, isoDaysAhead(-30 - n), type);
  }
  await page.getByRole("link", { name: "My CPD profile for audit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My CPD profile for audit" })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  const summary = page.getByLabel("Summary of practice history");
  await summary.fill("Clinical scientist in radiotherapy physics, leading treatment planning QA.");
  await expect(page.getByText("9 of 500 words")).toBeVisible();
  await page.getByLabel("Personal statement").fill("These four activities changed how we check plans, and patients benefit from faster, safer starts.");
  for (const title of ["Brachytherapy QA course", "Profile activity 1", "Profile activity 2", "Profile activity 3"]) {
    await page.getByRole("checkbox", { name: new RegExp(title) }).check();
  }
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Your draft was saved.")).toBeVisible();
  await expect(page.getByText("Before you send it")).toHaveCount(0);
  await expectAccessible(page);

  await page.getByRole("link", { name: "Print-ready profile" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "CPD profile" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: /Activity 1: / })).toBeVisible();
  await expect(page.getByText(/certificate\.pdf \(4\.0 MB\)/)).toBeVisible();
  await expectAccessible(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main menu" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  const printed = await page.pdf({ format: "A4" });
  expect(printed.subarray(0, 5).toString()).toBe("%PDF-");
  const pages = printed.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
  expect(pages.length).toBeGreaterThanOrEqual(1);
  await page.emulateMedia({ media: "screen" });

  await page.getByRole("link", { name: "Back to the draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My CPD profile for audit" })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download with evidence (ZIP)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^cpd-profile-.*\.zip$/);
  const zip = readFileSync(await download.path());
  expect(zip.subarray(0, 2).toString()).toBe("PK");
  const names = zip.toString("latin1");
  expect(names).toContain("cpd-profile.html");
  expect(names).toContain("Brachytherapy QA course/certificate.pdf");
});

test("registrations show their status and objectives are checked at the field", async ({ page }) => {
  await signIn(page, "staff@demo.test");
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Registrations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Registrations and certificates" })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Register or certificate").selectOption({ label: "HCPC registration" });
  await page.getByLabel("Registration or certificate number (optional)").fill("CS12345");
  await page.getByLabel("Renewal or expiry date").fill(isoDaysAhead(30));
  await page.getByRole("button", { name: "Add" }).click();
  const table = page.getByRole("table", { name: "Registrations and certificates" });
  await expect(table).toContainText("Expires within 90 days");
  await expectAccessible(page);

  await page.getByLabel("Register or certificate").selectOption({ label: "Medical Physics Expert certificate" });
  await page.getByLabel("Renewal or expiry date").fill(isoDaysAhead(900));
  await page.getByRole("button", { name: "Add" }).click();
  await expect(page.locator("#modalities-error")).toContainText("Choose the modalities");
  await page.getByRole("checkbox", { name: "Radiotherapy" }).check();
  await page.getByRole("button", { name: "Add" }).click();
  await expect(table).toContainText("Medical Physics Expert certificate: Radiotherapy");
  await expect(table).toContainText("Current");

  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Home" }).click();
  await expect(page.getByRole("table", { name: "Registrations and certificates" })).toContainText("Expires within 90 days");

  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Development plan" }).click();
  await hydrated(page);
  await page.getByRole("button", { name: "Add objective" }).click();
  await expect(page.getByLabel("Objective", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Objective", { exact: true }).fill("MPE recognition in nuclear medicine");
  await page.getByLabel("Target date (optional)").fill(isoDaysAhead(300));
  await page.getByRole("button", { name: "Add objective" }).click();
  await expect(page.getByRole("table", { name: "Objectives" })).toContainText("MPE recognition in nuclear medicine");
  await expectAccessible(page);
});
