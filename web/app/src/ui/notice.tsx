// What came of the owner's last action on a page: said politely (a status), or as an alert
// when it failed, in the Store's look (stores.css, `.store-notice`).

import type { ReactNode } from "react";

export interface NoticeText {
  text: string;
  error?: boolean;
}

export function Notice({ notice, children }: { notice: NoticeText | null; children?: ReactNode }) {
  if (!notice) return null;
  return (
    <p className={notice.error ? "store-notice error" : "store-notice"} role={notice.error ? "alert" : "status"}>
      {notice.text}
      {children}
    </p>
  );
}
