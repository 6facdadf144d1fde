import type { AppContext } from '../../kernel/module';
import type { CaseReads } from '../cases';
import type { EvaluationsService } from '../evaluations';
import type { OrgService } from '../org';
import type { SupervisionService } from '../supervision';

/** One window's hall figures over a period (tickets, waits, handling times): what the hall queue answers. */
export interface HallWindowFigures {
  windowNo: string;
  tickets: number;
  served: number;
  averageWaitMinutes: number | null;
  averageServiceMinutes: number | null;
}

/**
 * The read the honours and the 讲评会 report need of the hall queue (叫号). Built by another module (hall);
 * it provides a service under the name `hallFigures` with this shape. Without it the honours and the
 * report work from evaluations, cases and cards alone and print “—” for tickets.
 */
export interface HallFiguresReader {
  windowFigures(from: string, to: string): Promise<HallWindowFigures[]>;
  /** Tickets served per staff member (with their department), when the hall records who served. */
  staffFigures?(from: string, to: string): Promise<Array<{ userId: number; name: string; departmentId: number | null; served: number; averageWaitMinutes: number | null }>>;
}

/**
 * The services the honours call: the departments and the ratings (rankings of windows and staff);
 * when installed, case facts (on-time rates), supervision cards and the hall's ticket figures.
 */
export interface HonoursNeeds {
  org: OrgService;
  evaluations: EvaluationsService;
  caseReads?: CaseReads;
  supervision?: SupervisionService;
  hallFigures?: HallFiguresReader;
}

export type HonoursNeedsContext = AppContext<HonoursNeeds>;
