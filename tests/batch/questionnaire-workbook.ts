/**
 * Builds the kind of workbook questionnaires arrive as, with exceljs, into a real .xlsx file: an instructions sheet
 * first, then the questions sheet with a merged title block, a header row with a merged cell, styled header cells,
 * set column widths, a formula-looking question and a real formula cell.
 */
import ExcelJS from 'exceljs';

export const questionsSheet = 'Questions';
export const headerRow = 4;
export const headerFill = 'FF1F4E79';

export async function writeQuestionnaireWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const instructions = workbook.addWorksheet('Instructions');
  instructions.getCell('A1').value = 'Answer every question on the Questions sheet.';
  instructions.getColumn(1).width = 70;

  const sheet = workbook.addWorksheet(questionsSheet);
  sheet.mergeCells('A1:D1');
  sheet.getCell('A1').value = 'Vendor security questionnaire 2025';
  sheet.getCell('A1').font = { bold: true, size: 16 };
  sheet.getCell('A2').value = 'Prepared by the procurement team. Do not change the layout.';
  // A header cell merged across two columns ("Question" over C and D).
  sheet.getRow(headerRow).values = ['Question ID', 'Domain', 'Question', '', 'Vendor'];
  sheet.mergeCells(`C${headerRow}:D${headerRow}`);
  sheet.getRow(headerRow).eachCell((cell) => {
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: headerFill } };
  });
  sheet.getColumn(1).width = 12;
  sheet.getColumn(3).width = 55;
  const rows: [string, string, string | ExcelJS.CellValue, string][] = [
    ['SEC-01', 'Government access', 'What must a provider disclose under the CLOUD Act?', 'Amazon Web Services'],
    ['SEC-02', 'Government access', 'Who must support intelligence work in China?', 'Alibaba Cloud'],
    ['SEC-03', 'Other', '=HYPERLINK("http://attacker.example","What safeguards does GDPR Article 46 require?")', ''],
    [
      'SEC-04',
      'Transfers',
      {
        formula: 'CONCAT("What safeguards does GDPR Article 46 ","require?")',
        result: 'What safeguards does GDPR Article 46 require?',
      },
      '',
    ],
  ];
  rows.forEach(([id, domain, question, vendor], index) => {
    const row = sheet.getRow(headerRow + 1 + index);
    row.getCell(1).value = id;
    row.getCell(2).value = domain;
    row.getCell(3).value = question;
    row.getCell(5).value = vendor;
    sheet.mergeCells(`C${headerRow + 1 + index}:D${headerRow + 1 + index}`);
  });
  await workbook.xlsx.writeFile(path);
}
