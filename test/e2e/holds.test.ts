import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, login, openSession } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * An open case not on hold, from the end of the list (the other suites work the top of the queue):
 * the signed-in collector's own that may be called now, or (`anyAssigned`, for QA) anyone's.
 */
async function pickCase(page: Page, anyAssigned: boolean): Promise<string> {
  return page.evaluate(async (anyAssigned) => {
    const me = (await (await fetch('/api/me')).json()) as { user: { id: string } };
    const r = (await (await fetch('/api/cases?status=open&pageSize=100')).json()) as {
      items: { id: string; onHold: boolean; assigneeId: string | null }[];
    };
    const open = r.items.filter((x) => !x.onHold && x.assigneeId !== null).reverse();
    if (anyAssigned) return open[2]?.id ?? '';
    for (const c of open.filter((x) => x.assigneeId === me.user.id)) {
      const g = (await (await fetch(`/api/cases/${c.id}/guard?channel=call`)).json()) as { allowed: boolean };
      if (g.allowed) return c.id;
    }
    return '';
  }, anyAssigned);
}

/** Picks an option of the antd select that is open (its visible list, not the hidden a11y copy). */
async function choose(page: Page, text: string): Promise<void> {
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
      hasText: text,
    })
    .first()
    .click();
}

const holdAlert = (page: Page, kind: string) =>
  page.getByTestId('hold').filter({ hasText: `挂起中（${kind}）` });

describe('holds on the case page: a dispute raised in a contact, verified by the lead; 停催 and resume', () => {
  let caseId = '';
  const DISPUTE = '对方称上月已在柜台还款两千元，银行尚未入账';

  it('the collector logs a contact where the debtor disputes the amount: the note is required, the dispute stops contact', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'collector2');
      caseId = await pickCase(page, false);
      expect(caseId).not.toBe('');
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('case-screen').waitFor();
      expect(await page.getByTestId('hold').count()).toBe(0);

      await page.keyboard.press('t');
      const dialog = page.getByRole('dialog', { name: '登记联系' });
      await dialog.waitFor();
      await dialog.getByLabel('结果').click();
      await choose(page, '提出争议');
      // what is disputed, and a note that says it — saving without one is refused on the spot
      await dialog.getByLabel('争议类型').click();
      await choose(page, '称已还款');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.locator('.ant-form-item-explain-error', { hasText: '写明对方提出的内容' }).waitFor();
      expect(await dialog.isVisible()).toBe(true);
      await s.screenshot('contact-dispute-note-required');

      await dialog.getByLabel('备注').fill(DISPUTE);
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('已登记争议，暂停催收至处理完毕').waitFor();
      // a connected contact goes on to record the call: not wanted here
      const call = page.getByRole('dialog', { name: '记录通话' });
      await call.waitFor();
      await call
        .getByRole('button', { name: /取\s*消|关\s*闭/ })
        .first()
        .click();
      await call.waitFor({ state: 'hidden' });

      const alert = holdAlert(page, '争议');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(DISPUTE);
      // contact is now blocked: live assist refuses with the hold's rule; the collector cannot lift it
      await page.getByTestId('live-blocked').waitFor();
      expect(await page.getByTestId('live-assist').isDisabled()).toBe(true);
      expect(await page.getByTestId('lift-dispute').count()).toBe(0);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('the lead records the verification (the debt stands), then stops collection and resumes it after review', async () => {
    expect(caseId).not.toBe('');
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'lead1');
      // the dashboard lists what waits for the lead, the dispute just raised among it
      await page.goto('/dashboard');
      const waiting = page.getByTestId('open-holds');
      await waiting.getByTestId('open-hold').first().waitFor();
      const listed = await page.evaluate(async () => {
        const r = (await (await fetch('/api/holds')).json()) as { items: { caseId: string; kind: string }[] };
        return r.items;
      });
      expect(listed).toContainEqual(expect.objectContaining({ caseId, kind: 'dispute' }));
      expect(await waiting.locator('h3 .ant-tag').textContent()).toBe(String(listed.length));
      expect(await waiting.getByTestId('open-hold').count()).toBe(Math.min(8, listed.length));
      await s.screenshot('dashboard-holds');
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('case-screen').waitFor();
      await holdAlert(page, '争议').waitFor();

      await page.getByTestId('lift-dispute').click();
      const verify = page.getByRole('dialog', { name: '争议核实结论' });
      await verify.waitFor();
      expect(await verify.textContent()).toContain(DISPUTE);
      const ok = verify.getByRole('button', { name: '核实结论' });
      expect(await ok.isDisabled()).toBe(true);
      // choosing "upheld" warns that the case will be closed; the lead goes back to "the debt stands"
      await verify.getByLabel('结论').click();
      await choose(page, '争议成立，关闭案件');
      await verify.getByText('争议成立将关闭此案件').waitFor();
      await verify.getByLabel('结论').click();
      await choose(page, '债务无误，恢复催收');
      await verify.getByLabel('核实情况（必填）').fill('调取柜台流水，上月无该笔还款，已电话告知债务人');
      await ok.click();
      await verify.waitFor({ state: 'hidden' });
      await page.getByText('已解除挂起').waitFor();
      await expect.poll(() => holdAlert(page, '争议').count(), { timeout: 10_000 }).toBe(0);
      await page.getByTestId('live-assist').waitFor();
      await expect.poll(() => page.getByTestId('live-assist').isEnabled(), { timeout: 10_000 }).toBe(true);

      // 停催: a reason is required; the review day is optional
      await page.getByRole('button', { name: /^停\s*催$/ }).click();
      const stop = page.getByRole('dialog', { name: /停催：暂停/ });
      await stop.waitFor();
      await expect(stop.getByRole('button', { name: /提\s*交/ }).isDisabled()).resolves.toBe(true);
      await stop.getByLabel('停催原因（必填）').fill('债务人家属来电称其住院，请求暂停联系');
      await stop.getByRole('button', { name: /提\s*交/ }).click();
      await stop.waitFor({ state: 'hidden' });
      const stopped = holdAlert(page, '停催');
      await stopped.waitFor();
      expect(await stopped.textContent()).toContain('复核日期');
      // one stop at a time: the button is gone while it is open
      expect(await page.getByRole('button', { name: /^停\s*催$/ }).count()).toBe(0);
      await page.getByTestId('live-blocked').waitFor();
      await s.screenshot('case-stopped');

      await page.getByTestId('lift-stop').click();
      const resume = page.getByRole('dialog', { name: '复核停催，恢复催收' });
      await resume.getByLabel('复核意见（必填）').fill('已出院，可以联系');
      await resume.getByRole('button', { name: '恢复催收' }).click();
      await resume.waitFor({ state: 'hidden' });
      await expect.poll(() => holdAlert(page, '停催').count(), { timeout: 10_000 }).toBe(0);

      // the timeline keeps both holds, closed
      const audit = await page.evaluate(async (id) => {
        const d = (await (await fetch(`/api/cases/${id}`)).json()) as {
          holds: { kind: string; closedAt: string | null; resolution: string | null }[];
        };
        return d.holds
          .map((h) => ({ kind: h.kind, closed: h.closedAt !== null }))
          .sort((a, b) => a.kind.localeCompare(b.kind));
      }, caseId);
      expect(audit).toEqual([
        { kind: 'dispute', closed: true },
        { kind: 'stop', closed: true },
      ]);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe('complaints: QA logs one on a case they review and records its answer', () => {
  it('logs a complaint passed on by the bank, sees the answer deadline, answers it', async () => {
    const s = await openSession(browser, baseUrl);
    try {
      const { page } = s;
      await login(page, 'qa2');
      // QA's screen lists the complaints waiting for an answer (the demo's has one logged by a lead)
      await page.goto('/qa');
      await page.getByTestId('open-holds').getByTestId('open-hold').first().waitFor();
      expect(
        await page
          .getByTestId('open-holds')
          .locator('[data-testid="open-hold"]:not([data-kind="complaint"])')
          .count(),
      ).toBe(0);
      const caseId = await pickCase(page, true);
      expect(caseId).not.toBe('');
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('case-screen').waitFor();
      // QA do not work cases, but log complaints on them
      await page.getByTestId('case-read-only').waitFor();
      await page.getByRole('button', { name: '登记投诉' }).click();
      const dialog = page.getByRole('dialog', { name: /登记投诉/ });
      await dialog.getByLabel('投诉渠道').click();
      await choose(page, '委托银行转来');
      await dialog.getByLabel('投诉内容（必填）').fill('债务人向银行投诉催收员语气生硬');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      const alert = holdAlert(page, '投诉');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/须在 .+ 前答复/);

      await page.getByTestId('lift-complaint').click();
      const answer = page.getByRole('dialog', { name: '登记投诉答复并解除挂起' });
      await answer.getByLabel('答复内容（必填）').fill('已回电致歉，说明已对催收员进行话术辅导');
      await answer.getByRole('button', { name: '登记答复' }).click();
      await answer.waitFor({ state: 'hidden' });
      await expect.poll(() => holdAlert(page, '投诉').count(), { timeout: 10_000 }).toBe(0);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
