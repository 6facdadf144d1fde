/** 文书 as the API answers (src/modules/documents), shared with the web app. */
export type DocumentKind = 'acceptance' | 'correction' | 'rejection' | 'approval' | 'denial' | 'extension' | 'special' | 'receipt';

export interface DocumentView {
  id: number;
  docNo: string;
  kind: DocumentKind;
  kindLabel: string;
  title: string;
  caseNo: string;
  itemName: string;
  issuedOn: string;
  step: string;
  openedAt: string | null;
  paperDeliveredOn: string | null;
  paperRecipient: string | null;
  receiptDocNo: string | null;
}

export interface CaseDocuments {
  caseNo: string;
  /** The applicant agreed to 电子送达 (documents show in 我的办件). */
  electronicConsent: boolean;
  consentedAt: string | null;
  items: DocumentView[];
}

export interface DocumentConfirmation {
  docNo: string;
  kind: DocumentKind;
  kindLabel: string;
  issuedOn: string;
  caseNo: string;
  itemName: string;
  organ: string;
  /** true: the signature over these fields checks; null: issued without a signing key. */
  signatureValid: boolean | null;
}
