/** Hall (大厅) shapes the server returns and the web app reads: declared once here. */

/** A 预约 as its owner, the hall staff and the kiosk see it (name and phone masked where the reader may not see them). */
export interface AppointmentView {
  id: number;
  appointmentNo: string;
  /** The county whose hall it was booked at (6-digit code; the installation's own for older bookings). */
  region: string;
  categoryCode: string;
  categoryName: string;
  day: string;
  slot: string;
  name: string;
  phone: string;
  status: string;
  statusLabel: string;
  checkedInAt: string | null;
}
