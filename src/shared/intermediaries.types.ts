/**
 * 中介服务超市 as the API answers it, shared by the server (intermediaries module) and the web app: a
 * project with its selection record, and a listed intermediary.
 */

export interface ProjectSelection {
  mode: string;
  /** 直接选取: why this intermediary. */
  reason?: string;
  /** 择优选取: the published criteria. */
  criteria?: { name: string; weight: number }[];
  candidates?: number[];
  candidateNames?: { agencyId: number; name: string }[];
  digest?: string;
  index?: number;
  picked?: number;
  bids?: { agencyId: number; name: string; price: number }[];
  ranking?: { agencyId: number; name: string; score: number }[];
}

export interface ProjectView {
  projectNo: string;
  title: string;
  scope: string;
  ownerName: string;
  ownerKind: string;
  serviceId: number;
  serviceName: string;
  requiredQualification: string | null;
  requiredLevel: string | null;
  budget: number;
  mode: string;
  modeLabel: string;
  criteria: { name: string; weight: number }[];
  minCandidates: number;
  signupFrom: string;
  signupTo: string;
  bidDeadline: string | null;
  deliveryWorkdays: number;
  status: string;
  statusLabel: string;
  seedHash: string | null;
  /** Revealed after the draw. */
  seed: string | null;
  /** How the intermediary was chosen: the draw (candidates, digest, index), the bids or the scores. */
  selection: ProjectSelection | null;
  selectedAgency: { id: number; name: string } | null;
  selectedOn: string | null;
  publicityTo: string | null;
  price: number | null;
  contractNo: string | null;
  contractedOn: string | null;
  deliveryDue: string | null;
  deliveredOn: string | null;
  onTime: boolean | null;
  reportNo: string | null;
  acceptedOn: string | null;
  rating: number | null;
  ratingComment: string | null;
  cancelReason: string | null;
  signupCount: number;
  objections: { id: number; byName: string; text: string; at: string; status: string; answer: string | null }[];
  /** What the viewer is to the project. */
  viewer: { owner: boolean; signedUp: boolean; bidMade: boolean; selected: boolean };
  createdOn: string;
}

export interface AgencyView {
  id: number;
  uscc: string;
  name: string;
  contact: string;
  phone: string;
  office: string;
  staffCount: number;
  services: { id: number; name: string }[];
  qualifications: { name: string; level: string; certNo: string; expiresOn: string; valid: boolean }[];
  status: string;
  statusLabel: string;
  statusNote: string | null;
  rating: number | null;
  ratingCount: number;
  violations: number;
  complaints: number;
  mine: boolean;
}

/** One registrant of a project as its owner sees it; the bid stays null until the bid deadline has passed. */
export interface ProjectSignup {
  agencyId: number;
  name: string;
  at: string;
  /** Why the registrant no longer qualifies (资质 expired, suspended …), or null. */
  problem: string | null;
  bidMade: boolean;
  bid: number | null;
  score: number | null;
}

/** One intermediary service an application needed, and the market project that supplied it (null: 体外循环). */
export interface CaseMarketCheck {
  serviceName: string;
  inMarket: boolean;
  project: { projectNo: string; title: string; mode: string; agencyName: string; reportNo: string | null; acceptedOn: string | null; rating: number | null } | null;
}

/** A registration edit: contact, office, staff and service types (the USCC and name stay as reviewed). */
export interface AgencyUpdate {
  contact: string;
  phone: string;
  office: string;
  staffCount: number;
  serviceIds: number[];
}
