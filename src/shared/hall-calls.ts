/**
 * What the hall display says aloud for a call (server tests and the web page share it): the ticket's
 * digits read one by one in Chinese, as 叫号 machines do (“A零零一”), then the window.
 */
const DIGITS = '零一二三四五六七八九';

/** A ticket number as spoken: the letter kept, each digit as its Chinese numeral. */
export function spokenTicketNo(ticketNo: string): string {
  return ticketNo.replace(/\d/g, (d) => DIGITS[Number(d)]);
}

/** The sentence for a call: “请A零零一号到1号综合窗口办理”; a repeated call (重呼) says so first. */
export function callAnnouncement(ticketNo: string, windowName: string, callCount = 1): string {
  return `${callCount > 1 ? '重复呼叫，' : ''}请${spokenTicketNo(ticketNo)}号到${windowName}办理`;
}
