/** Small office files that cost their reader far more than their size says (issue 11, defect 5). */
import ExcelJS from 'exceljs'
import JSZip from 'jszip'

/**
 * A 7 KB .xlsx: a one-task table and one merged range A5:Z<lastRow>. ExcelJS makes a cell object
 * for every position a merge covers, so A5:Z1000000 needs gigabytes and minutes.
 */
export async function mergeBombXlsx(lastRow = 1_000_000): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('任务')
  ws.addRow(['序号', '工作任务', '牵头单位', '完成时限'])
  ws.addRow([1, '公开甲类信息。', '县司法局', '年底前'])
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer())
  const sheet = Object.keys(zip.files).find((f) => /worksheets\/sheet1\.xml$/.test(f))!
  const xml = await zip.file(sheet)!.async('string')
  zip.file(sheet, xml.replace('</sheetData>', `</sheetData><mergeCells count="1"><mergeCell ref="A5:Z${lastRow}"/></mergeCells>`))
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })
}
