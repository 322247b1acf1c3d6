/** What one org's last heartbeat proves: that its client could get a transaction endorsed and committed. */
export interface Heartbeat {
  org: string;
  txId: string;
  at: string;
}
