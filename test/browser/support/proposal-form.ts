import type { Locator, Page } from 'playwright-core';

/**
 * Drives the 申报表 of apps/web (`/proposals/new`, `/proposals/:id/edit`) by the `data-testid`s
 * of its inputs: `field-<path>` with the contract's path joined by `-` (`field-title`,
 * `field-stages-1-weight`, `field-eligibility-ageMin`).
 */
export const PROPOSAL_FORM_UI = {
  save: '保存草稿',
  /** The Alert above the form after a failed check, e.g. 有 3 处内容需要修改… */
  formError: 'form-error',
  /** The live sum of the stage weights, e.g. 权重合计：100% */
  weightTotal: 'stages-weight-total',
} as const;

export interface ProposalFormValues {
  title?: string;
  /** 届次 (a year); the form starts with this year's. */
  edition?: number;
  venue?: string;
  capacity?: number;
  teamSize?: number;
  /** The occupation as the Select lists it: its name or code, e.g. `焊工` or `6-18-02-04`. */
  occupation?: string;
  /** The industry's name as the tree shows it, e.g. `装备制造`. */
  industry?: string;
  /** Wall-clock time in Dazhou, `YYYY-MM-DD HH:mm`. */
  registrationClosesAt?: string;
  /** Wall-clock time in Dazhou, `YYYY-MM-DD HH:mm`. */
  startsAt?: string;
  county?: string;
  description?: string;
  /** Replaces the weights of the stages already on the form, in order (defaults: 理论 30, 实操 70). */
  stageWeights?: number[];
}

export const fieldId = (...path: (string | number)[]) => `field-${path.join('-')}`;

/** The open dropdown of a Select or TreeSelect (antd renders it in a portal at the body's end). */
function openDropdown(page: Page): Locator {
  return page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
}

/**
 * Picks `text` in the Select with test id `testId`: types it to filter when the Select is
 * searchable, then clicks the first option that contains it.
 */
export async function pickOption(page: Page, testId: string, text: string): Promise<void> {
  const select = page.getByTestId(testId);
  // A Select in a dialog that is still zooming in can drop the first click on an option; the
  // choice is checked on the Select itself and made again if it did not take.
  for (let attempt = 1; ; attempt += 1) {
    await select.click();
    const input = select.locator('input');
    if (await input.isEditable()) await input.fill(text);
    const option = openDropdown(page).locator('.ant-select-item-option').filter({ hasText: text }).first();
    await option.waitFor();
    await option.click();
    if ((await select.innerText()).includes(text)) return;
    if (attempt === 3) throw new Error(`pickOption(${testId}): 「${text}」 was not selected`);
    await page.keyboard.press('Escape');
  }
}

/** Picks the node named exactly `name` in the TreeSelect with test id `testId`. */
export async function pickTreeNode(page: Page, testId: string, name: string): Promise<void> {
  const select = page.getByTestId(testId);
  const exactly = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  for (let attempt = 1; ; attempt += 1) {
    await select.click();
    await select.locator('input').fill(name);
    const node = openDropdown(page).locator('.ant-select-tree-node-content-wrapper').filter({ hasText: exactly }).first();
    await node.waitFor();
    await node.click();
    if ((await select.innerText()).includes(name)) return;
    if (attempt === 3) throw new Error(`pickTreeNode(${testId}): 「${name}」 was not selected`);
    await page.keyboard.press('Escape');
  }
}

/** Types a `YYYY-MM-DD HH:mm` time into the date picker with test id `testId` and closes it. */
export async function pickDateTime(page: Page, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  // The picker keeps its panel open until focus leaves; Escape closes it without undoing.
  await input.press('Escape');
}

/** Fills the key fields of the proposal form; fields left out keep their values (the new-draft defaults). */
export async function fillProposalForm(page: Page, values: ProposalFormValues): Promise<void> {
  await page.getByTestId(fieldId('title')).waitFor();
  if (values.title !== undefined) await page.getByTestId(fieldId('title')).fill(values.title);
  if (values.edition !== undefined) await page.getByTestId(fieldId('edition')).fill(String(values.edition));
  if (values.industry !== undefined) await pickTreeNode(page, fieldId('industryId'), values.industry);
  if (values.occupation !== undefined) await pickOption(page, fieldId('occupationCode'), values.occupation);
  if (values.teamSize !== undefined) await page.getByTestId(fieldId('teamSize')).fill(String(values.teamSize));
  if (values.capacity !== undefined) await page.getByTestId(fieldId('capacity')).fill(String(values.capacity));
  if (values.county !== undefined) await pickOption(page, fieldId('county'), values.county);
  if (values.venue !== undefined) await page.getByTestId(fieldId('venue')).fill(values.venue);
  for (const [i, weight] of (values.stageWeights ?? []).entries()) {
    await page.getByTestId(fieldId('stages', i, 'weight')).fill(String(weight));
  }
  if (values.registrationClosesAt !== undefined) {
    await pickDateTime(page, fieldId('registrationClosesAt'), values.registrationClosesAt);
  }
  if (values.startsAt !== undefined) await pickDateTime(page, fieldId('startsAt'), values.startsAt);
  if (values.description !== undefined) await page.getByTestId(fieldId('description')).fill(values.description);
}

/**
 * Clicks 保存草稿 and waits for the detail page of the saved proposal; returns its id. Throws
 * with the form's messages when the form refuses.
 */
export async function saveProposalForm(page: Page): Promise<string> {
  await page.getByRole('button', { name: PROPOSAL_FORM_UI.save }).click();
  const saved = page
    .waitForURL((url) => /^\/proposals\/[0-9a-f-]{36}$/.test(url.pathname))
    .then(() => 'saved' as const);
  const refused = page.getByTestId(PROPOSAL_FORM_UI.formError).waitFor().then(() => 'refused' as const);
  const outcome = await Promise.race([saved, refused]);
  saved.catch(() => undefined);
  refused.catch(() => undefined);
  if (outcome === 'refused') {
    const errors = await page.locator('.ant-form-item-explain-error').allInnerTexts();
    throw new Error(`保存草稿 refused: ${await page.getByTestId(PROPOSAL_FORM_UI.formError).innerText()} ${errors.join('；')}`);
  }
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}
