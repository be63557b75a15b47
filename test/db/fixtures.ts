/** A small task table in the shape prepareImport hands to TaskStore.importTable. */
import type { ImportInput, ImportTask, NewProgressReport } from '../../src/ledger/ports.js'

export function task(number: number, overrides: Partial<ImportTask> = {}): ImportTask {
  return {
    number,
    section: '一、推进政务公开',
    subsection: '（一）决策公开',
    text: `第${number}项任务的内容`,
    deadline: { kind: 'date', text: '2022年底前', date: '2022-12-31' },
    unitsInheritedFrom: null,
    assignments: [
      { role: 'lead', targetType: 'unit', target: '县政府办公室' },
      { role: 'responsible', targetType: 'unit', target: '县司法局' },
    ],
    ...overrides,
  }
}

export function sampleImport(overrides: Partial<ImportInput> = {}): ImportInput {
  return {
    documentKey: '惠来县人民政府办公室|惠来县2022年政务公开工作要点任务分解表|2022-08-25',
    title: '惠来县2022年政务公开工作要点任务分解表',
    issuer: '惠来县人民政府办公室',
    issuedOn: '2022-08-25',
    sourceName: 'huilai-2022.txt',
    contentHash: 'hash-v1',
    newUnits: [{ name: '县新设机构', kind: 'dept', aliases: ['新设局'] }],
    tasks: [
      task(1),
      task(2, {
        deadline: { kind: 'recurring', text: '每季度', every: 'quarterly' },
        assignments: [
          { role: 'lead', targetType: 'unit', target: '县财政局' },
          { role: 'responsible', targetType: 'group', target: '县政府各部门' },
          { role: 'support', targetType: 'unit', target: '县新设机构' },
        ],
      }),
      task(3, {
        section: null,
        subsection: null,
        deadline: { kind: 'ongoing' },
        unitsInheritedFrom: 2,
        assignments: [
          { role: 'responsible', targetType: 'role', target: '县政府规范性文件起草单位' },
          { role: 'guide', targetType: 'unit', target: '县司法局' },
        ],
      }),
      task(4, { deadline: { kind: 'none', text: '视情况而定' } }),
      task(5, { deadline: { kind: 'relative', text: '本文印发30日内' } }),
    ],
    ...overrides,
  }
}

export function report(taskId: number, unit: string, overrides: Partial<NewProgressReport> = {}): NewProgressReport {
  return {
    taskId,
    unit,
    status: 'done',
    percent: null,
    note: null,
    expectedDate: null,
    liaisonContactId: 'wxid_liaison',
    liaisonName: '张三',
    sourceMessageId: 'msg-1',
    reportedAt: new Date('2022-09-01T02:00:00Z'),
    ...overrides,
  }
}
