import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, hydrated, signIn, signOut } from "./helpers";

function isoDaysAhead(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function openFromMenu(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: link, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await hydrated(page);
}

/** The head of service's service-risk page, and its nuclear medicine section. */
async function nuclearMedicineCover(page: Page) {
  await signIn(page, "head@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Dr Priya Raman" })).toBeVisible();
  await hydrated(page);
  await openFromMenu(page, "Service risk", "Service risk: MPE and RPA cover");
  return page.getByRole("region", { name: "Medical Physics Expert: Nuclear medicine" });
}

test("the head of service sees a modality turn amber after a certificate's expiry date is edited to be within 90 days", async ({ page }) => {
  // Green: the only nuclear medicine MPE is certified for years yet.
  let cover = await nuclearMedicineCover(page);
  await expect(cover.getByText("Green", { exact: true })).toBeVisible();
  const holders = cover.getByRole("table", { name: "Who holds it: Medical Physics Expert: Nuclear medicine" });
  await expect(holders.getByRole("row", { name: /Dr Nadia Osei/ })).toContainText("Current");
  await expectAccessible(page);
  await signOut(page);

  // The MPE changes the certificate's expiry date to 30 days from now.
  await signIn(page, "mpe@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Dr Nadia Osei" })).toBeVisible();
  await hydrated(page);
  await openFromMenu(page, "Registrations", "Registrations and certificates");
  await page.getByRole("link", { name: "Medical Physics Expert certificate: Nuclear medicine" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Edit a registration or certificate" })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole("checkbox", { name: "Nuclear medicine" })).toBeChecked();
  const expiry = isoDaysAhead(30);
  await page.getByLabel("Renewal or expiry date").fill(expiry);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Registrations and certificates" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Registrations and certificates" })).toContainText("Expires within 90 days");
  await signOut(page);

  // Amber: the cover falls below the minimum within 90 days.
  cover = await nuclearMedicineCover(page);
  await expect(cover.getByText("Amber: falls below the minimum within 90 days")).toBeVisible();
  await expect(cover.getByText("Green", { exact: true })).toHaveCount(0);
  const row = cover.getByRole("row", { name: /Dr Nadia Osei/ });
  await expect(row).toContainText(`${expiry} (in 30 days)`);
  await expect(row).toContainText("Expires within 90 days");
  await expectAccessible(page);
});

test("an administrator sets a department's cover from the keyboard and adds a modality", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Alex Morgan" })).toBeVisible();
  await hydrated(page);
  await openFromMenu(page, "Service cover", "Service cover requirements");
  await expect(page.getByLabel("Department", { exact: true })).toHaveValue(/\d+/);
  const table = page.getByRole("table", { name: "Requirements for Medical Physics" });
  await expect(table.getByRole("row")).toHaveCount(5);
  await expectAccessible(page);

  // A minimum of 0 is refused at the field; 9 is saved.
  await page.getByLabel("Certificate", { exact: true }).selectOption({ label: "Medical Physics Expert" });
  await page.getByLabel("MPE modality", { exact: true }).selectOption("Radiotherapy");
  await page.getByLabel("Minimum number of certified people").fill("0");
  await page.getByRole("button", { name: "Save requirement" }).click();
  await expect(page.locator("#minimum-error")).toContainText("from 1 to 50");
  await expect(page.getByRole("alert")).toContainText("from 1 to 50");
  await expectAccessible(page);
  // Nine: more than hold the certificate whatever earlier tests recorded.
  await page.getByLabel("Minimum number of certified people").fill("9");
  await page.getByLabel("Minimum number of certified people").press("Enter");
  const radiotherapy = table.getByRole("row", { name: /Medical Physics Expert: Radiotherapy/ });
  await expect(radiotherapy).toContainText("Red: below minimum now");
  await expect(radiotherapy.getByRole("cell").nth(1)).toHaveText("9");

  // Removed from the keyboard.
  await page.getByRole("button", { name: "Remove Medical Physics Expert: Radiotherapy" }).focus();
  await page.keyboard.press("Enter");
  await expect(radiotherapy).toHaveCount(0);
  await expect(table.getByRole("row")).toHaveCount(4);

  // A new modality is offered for cover at once.
  await page.getByLabel("New modality name").fill("Magnetic resonance imaging");
  await page.getByRole("button", { name: "Add modality" }).click();
  await expect(page.getByText("The modality was added to the list.")).toBeVisible();
  await expect(page.getByLabel("MPE modality", { exact: true }).getByRole("option", { name: "Magnetic resonance imaging" })).toHaveCount(1);
  await expectAccessible(page);
});
