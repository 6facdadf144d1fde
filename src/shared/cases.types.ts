/** Cases API types shared by the server and the web app. Plain types only. */

/** A case as the statistics drill-downs list it (cases.queries' caseRecords). */
export interface CaseRecord {
  caseNo: string;
  itemName: string;
  departmentId: number;
  status: string;
  submittedOn: string;
  acceptedOn: string | null;
  promisedDueDate: string | null;
  completedOn: string | null;
  onTime: boolean | null;
  workdaysUsed: number | null;
  legalLimit: number;
}
