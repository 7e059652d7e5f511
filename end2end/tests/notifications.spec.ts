import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, hydrated, signIn, signOut } from "./helpers";

function isoDaysAhead(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The header's notifications link, whatever its count. */
function notificationsLink(page: Page) {
  return page.getByRole("banner").getByRole("link", { name: /^Notifications/ });
}

/** The unread count the list page states. */
async function unreadInList(page: Page): Promise<number> {
  const text = (await page.getByRole("main").getByRole("status").textContent()) ?? "";
  const match = text.match(/You have (\d+) unread/);
  return match ? Number(match[1]) : 0;
}

/** The unread count the header's link announces (0 when it shows none). */
async function unreadInHeader(page: Page): Promise<number> {
  const name = (await notificationsLink(page).textContent()) ?? "";
  const match = name.match(/\((\d+)\)/);
  return match ? Number(match[1]) : 0;
}

test("a manager sees a learning-time request in the header and the notifications list, which links to Approvals", async ({ page }) => {
  const date = isoDaysAhead(23);
  const message = `Sam Patel asks for 3.5 hours of protected learning time on ${date}.`;

  await signIn(page, "staff@demo.test");
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Learning time" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Protected learning time" })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Date").fill(date);
  await page.getByLabel("Hours").fill("3.5");
  await page.getByLabel("Purpose").fill("Shadow the MR safety expert for a day");
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByRole("table", { name: "Sessions" })).toContainText(date);
  await signOut(page);

  // The manager's header shows the count, visibly and to screen readers.
  await signIn(page, "manager@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Dr Tom Okafor" })).toBeVisible();
  const link = notificationsLink(page);
  await expect(link).toHaveAccessibleName(/^Notifications\s*,\s*\d+ unread$/);
  await expect(link.locator("[aria-hidden=true]")).toHaveText(/^ \(\d+\)$/);
  const unread = await unreadInHeader(page);
  expect(unread).toBeGreaterThan(0);
  await hydrated(page);
  await link.click();

  // The list: the request, unread, linking to where it is decided.
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  const item = page.getByRole("listitem").filter({ hasText: message });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Unread");
  await expect(item).toContainText("Awaiting your approval");
  await expect(item.getByRole("link", { name: message })).toHaveAttribute("href", "/approvals");

  // Marked read from the keyboard: the marker goes and the header asks for
  // its count again, which then agrees with the list. (The reminder job of
  // the server under test may add notifications at any time, so the count
  // is compared with the list's rather than with a fixed number.)
  await item.getByRole("button", { name: /^Mark as read\s*:\s*Sam Patel asks/ }).focus();
  const recounted = page.waitForResponse((r) => r.url().endsWith("/api/notifications/unread"));
  await page.keyboard.press("Enter");
  await recounted;
  await expect(item).not.toContainText("Unread");
  await expect.poll(async () => (await unreadInHeader(page)) === (await unreadInList(page))).toBe(true);
  await expectAccessible(page);

  await item.getByRole("link", { name: message }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Approvals" })).toBeVisible();
  await expect(page.getByRole("region", { name: `Sam Patel: 3.5 hours on ${date}` })).toBeVisible();

  // Everything marked read at once: the header shows no count.
  await notificationsLink(page).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await hydrated(page);
  const markAll = page.getByRole("button", { name: "Mark all as read" });
  if ((await unreadInHeader(page)) > 0) {
    await markAll.click();
  }
  await expect(page.getByText("Everything here has been read.")).toBeVisible();
  await expect(markAll).toHaveCount(0);
  await expect(notificationsLink(page)).toHaveAccessibleName("Notifications");
  await expectAccessible(page);
  await signOut(page);
});
