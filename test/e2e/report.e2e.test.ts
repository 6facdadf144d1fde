/**
 * 年度自评报告 preview: the leader opens the yearly report from the menu, reads it section by section in the
 * real report's order, clicks a figure and sees the records behind it, and downloads the .docx and the
 * annex workbook built from the same model.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import type { YearReportModel } from '../../src/shared/report.types';
import { describeBrowser, E2E_NOW, JOURNEY_TIMEOUT, login, SCREENSHOT_DIR, settle, useBrowserSuite, waitForText } from './browser';

describeBrowser('the yearly report preview', () => {
  const suite = useBrowserSuite({ seed: ['org', 'catalog', 'cases', 'hotline', 'supervision', 'evaluations', 'walks', 'performance'] });

  it('the leader reads the report, drills into a figure and downloads the report and its annex', { timeout: JOURNEY_TIMEOUT }, async () => {
    const page = await suite.newPage();
    const year = Number(E2E_NOW.slice(0, 4));
    await login(page, 'leader');
    await page.getByRole('menuitem', { name: '年度自评报告' }).click();
    await waitForText(page, `${year}年度部门整体支出绩效自评报告`);
    const model = (await (await page.request.get(`/api/v1/stats/report?year=${year}`)).json()) as YearReportModel;
    for (const h of ['一、部门（单位）基本概况', '二、整体支出绩效状况', '（一）优化营商环境，深化“放管服”改革', '（五）预算执行与资产管理', '三、存在的问题及原因', '四、提高财政资金绩效的措施与建议', '五、附件（佐证依据）']) {
      await waitForText(page.getByTestId('report-body'), h);
    }
    await page.getByTestId('report-docx').scrollIntoViewIfNeeded();
    await settle(page);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-preview.png') });
    await page.getByTestId('section-hall').scrollIntoViewIfNeeded();
    await settle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-preview-hall.png') });

    // a figure in the text opens the records behind it: the same count as the figure's numerator
    const onTime = model.figures['cases.onTimeRate'];
    expect(onTime.drill).not.toBeNull();
    await page.getByTestId('report-body').getByTestId('figure-cases.onTimeRate').first().click();
    const drawer = page.locator('.figure-drawer');
    await waitForText(drawer, `${onTime.label}：${onTime.display}`);
    await waitForText(drawer, `共 ${onTime.numerator} 条`);
    await settle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-preview-drill.png') });
    await drawer.getByText(`分母：${onTime.denominatorLabel}`).click();
    await waitForText(drawer, `共 ${onTime.denominator} 条`);
    expect(page.url()).toContain('figure=cases.onTimeRate');
    await page.locator('.figure-drawer .ant-drawer-close').click();
    await page.locator('.figure-drawer .ant-drawer-body').waitFor({ state: 'hidden' });

    const [docx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-docx').click()]);
    const text = (await (await JSZip.loadAsync(fs.readFileSync((await docx.path())!))).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain(`按时办结率 ${onTime.display}`);
    expect(text).toContain('五、附件（佐证依据）');
    const [annex] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-annex').click()]);
    expect(annex.suggestedFilename()).toBe(`${year}年度绩效自评报告附件.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await annex.path())!) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['指标明细', '办件明细']);
    expect(suite.problems.filter((p) => !p.includes('is deprecated'))).toEqual([]);
  });

  it('the admin writes the bureau’s own texts and the report prints them', { timeout: JOURNEY_TIMEOUT }, async () => {
    const page = await suite.newPage();
    await login(page, 'admin');
    await page.goto('/reports/year');
    await waitForText(page, '一、部门（单位）基本概况');
    await page.getByTestId('report-texts').click();
    const dialog = page.getByRole('dialog');
    await waitForText(dialog, '机构编制');
    await dialog.getByLabel('机构编制').fill('行政编制 12 名、事业编制 30 名');
    await dialog.getByLabel('内设机构（每行一个）').fill('办公室\n审批服务股\n电子监察股');
    // A measure quoting a figure: a mistyped name is flagged as it is typed, the right one previews its value.
    const measures = dialog.getByLabel('四、提高财政资金绩效的措施与建议（每行一条）');
    await measures.fill('把按时办结率 {{cases.ontime}} 提高到 98% 以上。');
    await waitForText(dialog, '未知的占位符“{{cases.ontime}}”');
    await measures.fill('把按时办结率从 {{cases.onTimeRate}} 提高到 98% 以上。');
    await waitForText(dialog.getByTestId('template-preview'), '预览：把按时办结率从');
    const preview = (await dialog.getByTestId('template-preview').innerText()).trim();
    expect(preview).toMatch(/^预览：把按时办结率从 [\d.]+% 提高到 98% 以上。$/);
    await settle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-texts.png') });
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await waitForText(page.getByTestId('report-body'), '机构编制：行政编制 12 名、事业编制 30 名');
    await waitForText(page.getByTestId('report-body'), '内设机构：办公室、审批服务股、电子监察股。');
    await waitForText(page.getByTestId('report-body'), preview.replace(/^预览：/, ''));
  });
});
