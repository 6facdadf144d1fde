import type { AppointmentView } from '../../../../src/shared/hall.types';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../app/request';

export interface Ticket {
  id: number;
  ticketNo: string;
  day: string;
  categoryCode: string;
  categoryName: string;
  status: string;
  priority: boolean;
  priorityGroup: string | null;
  priorityGroupLabel: string | null;
  windowNo: string | null;
  targetWindowNo: string | null;
  takenAt: string;
  calledAt: string | null;
  callCount: number;
  servingAt: string | null;
  caseNo: string | null;
  waitMinutes: number | null;
  ahead?: number;
}

export interface WindowView {
  windowNo: string;
  name: string;
  categories: string[];
  status: string;
  state: 'closed' | 'paused' | 'idle' | 'calling' | 'serving';
  stateLabel: string;
  currentTicketNo: string | null;
}

export interface Kiosk {
  today: string;
  categories: Array<{ code: string; name: string; waiting: number }>;
  priorityGroups: Array<{ code: string; label: string }>;
}

export interface Display {
  generatedAt: string;
  today: string;
  calls: Array<Ticket & { windowName: string | null }>;
  waiting: Array<{ code: string; name: string; waiting: number }>;
  totalWaiting: number;
  windows: WindowView[];
}

export interface ConsoleView {
  window: WindowView;
  current: Ticket | null;
  waiting: number;
  waitingPriority: number;
  transferredHere: number;
  servedToday: number;
  otherWindows: Array<{ windowNo: string; name: string; state: string; stateLabel: string }>;
}

/** The appointment view is declared once, in src/shared/hall.types.ts (server and web). */
export type Appointment = AppointmentView;

/** A county hall citizens may book at (GET /hall/halls; the installation's own first). */
export interface Hall {
  region: string;
  name: string;
  installation: boolean;
}

export interface BookableDays {
  today: string;
  lastDay: string;
  days: Array<{ day: string; bookable: boolean; reason: string | null; left: number }>;
}

export interface Slots {
  bookable: boolean;
  reason: string | null;
  slots: Array<{ slot: string; capacity: number; left: number; available: boolean }>;
}

export interface HelpRequest {
  id: number;
  requestNo: string;
  kind: 'help' | 'visit';
  kindLabel: string;
  groupCode: string;
  groupLabel: string;
  citizenName: string;
  phone: string;
  address: string;
  itemName: string;
  note: string | null;
  status: string;
  statusLabel: string;
  assigneeId: number | null;
  assigneeName: string | null;
  scheduledOn: string | null;
  doneOn: string | null;
  caseNo: string | null;
  result: string | null;
  createdAt: string;
}

export type WindowAction = 'open' | 'pause' | 'close' | 'callNext' | 'recall' | 'skip' | 'transfer' | 'start' | 'link' | 'finish';

export const hallApi = {
  kiosk: () => api.get<Kiosk>('/hall/kiosk'),
  take: (categoryCode: string, priorityGroup?: string) => api.post<Ticket>('/hall/tickets', { categoryCode, ...(priorityGroup ? { priorityGroup } : {}) }),
  checkIn: (appointmentNo: string, phoneLast4: string) => api.post<{ appointment: Appointment; ticket: Ticket }>('/hall/appointments/check-in', { appointmentNo, phoneLast4 }),
  display: () => api.get<Display>('/hall/display', undefined, { handle: true }),
  console: () => api.get<ConsoleView>('/hall/console'),
  act: (action: WindowAction, body: { toWindowNo?: string; caseNo?: string } = {}) => api.post<{ ticket: Ticket | null }>(`/hall/console/${action}`, body),
  halls: () => api.get<{ items: Hall[]; total: number }>('/hall/halls'),
  bookingCategories: (region?: string) => api.get<Kiosk>('/hall/kiosk', { region }),
  days: (category: string, region?: string) => api.get<BookableDays>('/hall/appointments/days', { category, region }),
  slots: (category: string, day: string, region?: string) => api.get<Slots>('/hall/appointments/slots', { category, day, region }),
  book: (b: { categoryCode: string; day: string; slot: string; name: string; phone: string; region?: string }) => api.post<Appointment>('/hall/appointments', b),
  mine: () => api.get<{ items: Appointment[] }>('/hall/appointments/mine'),
  cancel: (no: string) => api.post<Appointment>(`/hall/appointments/${encodeURIComponent(no)}/cancel`),
};

/** The hall's live events (server-sent): calls and any change of the queue. Reconnects by itself. */
export interface HallEvent {
  type: 'call' | 'update';
  ticketNo?: string;
  windowNo?: string;
  windowName?: string;
  callCount?: number;
  at: string;
}

export function useHallEvents(screen: 'display' | 'console' | 'kiosk', onEvent: (e: HallEvent) => void): boolean {
  const [connected, setConnected] = useState(false);
  const ref = useRef(onEvent);
  ref.current = onEvent;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource(`/api/v1/hall/events?screen=${screen}`);
    const on = (m: MessageEvent) => {
      try {
        ref.current(JSON.parse(m.data) as HallEvent);
      } catch {
        /* a malformed frame is skipped */
      }
    };
    es.addEventListener('call', on);
    es.addEventListener('update', on);
    es.addEventListener('ready', () => setConnected(true));
    es.onerror = () => setConnected(false);
    return () => es.close();
  }, [screen]);
  return connected;
}

