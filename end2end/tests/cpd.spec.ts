import { expect, test } from "@playwright/test";
import { expectAccessible, hydrated, signIn } from "./helpers";

test("a staff member records, finds, edits and deletes a CPD activity", async ({ page }) => {
  await signIn(page, "staff@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sam Patel" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "My CPD" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My CPD" })).toBeVisible();
  await expect(page.getByText("No CPD activities match.")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Record a CPD activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Record a CPD activity" })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  await page.getByLabel("Title").fill("Linac commissioning workshop");
  await page.getByLabel("Type of activity").selectOption({ label: "Work-based learning" });
  await page.getByLabel("Date", { exact: true }).fill("2026-03-10");
  await page.getByLabel("Hours").fill("1.3");
  await page.getByRole("button", { name: "Save activity" }).click();
  await expect(page.getByRole("alert")).toContainText("Record hours in quarter hours");
  await expect(page.getByLabel("Hours")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  await page.getByLabel("Hours").fill("6.5");
  await page.getByLabel("Provider (optional)").fill("IPEM");
  await page.getByLabel("Done in protected learning time").check();
  await page.getByLabel("What I learnt").fill("Independent checks of beam data <before> & after");
  await page.getByRole("button", { name: "Save activity" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "My CPD" })).toBeVisible();
  const activities = page.getByRole("table", { name: "CPD activities" });
  await expect(activities).toContainText("Linac commissioning workshop");
  await expect(page.getByRole("table", { name: "Hours by type of activity" })).toContainText("6.5");
  await expectAccessible(page);

  await page.getByRole("searchbox", { name: "Search titles, providers and reflections" }).fill("no such words");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No CPD activities match.")).toBeVisible();
  await page.getByRole("searchbox", { name: "Search titles, providers and reflections" }).fill("beam data");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(activities).toContainText("Linac commissioning workshop");

  await activities.getByRole("link", { name: "Linac commissioning workshop" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Edit a CPD activity" })).toBeVisible();
  await hydrated(page);
  await expect(page.getByLabel("What I learnt")).toHaveValue("Independent checks of beam data <before> & after");
  await expectAccessible(page);
  await page.getByLabel("Hours").fill("7");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My CPD" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Hours by type of activity" })).toContainText("7");

  await page.getByRole("table", { name: "CPD activities" }).getByRole("link", { name: "Linac commissioning workshop" }).click();
  await hydrated(page);
  await page.getByText("Delete this activity", { exact: true }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Yes, delete this activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My CPD" })).toBeVisible();
  await expect(page.getByText("No CPD activities match.")).toBeVisible();
});
