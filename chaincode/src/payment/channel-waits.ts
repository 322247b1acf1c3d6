import { Context } from 'fabric-contract-api';
import { ShimMessageHandler, handlerOf } from '../shared/state-batch';

/**
 * A question in flight from a transaction on one channel to another, on one peer. Fabric runs the asking
 * transaction on a simulator of its own channel, which holds that channel's commit lock for reading until the
 * transaction's simulation ends, and answers the question on a simulator of the other channel, which waits for
 * that channel's commit lock while a block of it waits to commit (a waiting commit keeps new readers out).
 */
export interface ChannelWait {
  readonly from: string;
  readonly to: string;
  /** Order of beginning among the peer's waits: the youngest wait of a cycle is the one to give up. */
  readonly sequence: number;
}

/**
 * The questions to other channels that this chaincode process has in flight for one peer: a wait-for graph of
 * channels. A cycle in it (channel X's transaction waiting on Y while Y's waits on X, or longer) can be a
 * deadlock of the peer's commit locks: each channel's commit waits for the transaction that holds it, which waits
 * for the next channel's commit. The UETR check is the only question this chaincode asks a channel that asks
 * back, so this process sees every wait a cycle could be made of.
 */
export class ChannelWaits {
  private readonly waits = new Set<ChannelWait>();
  private begun = 0;

  begin(from: string, to: string): ChannelWait {
    const wait = { from, to, sequence: this.begun++ };
    this.waits.add(wait);
    return wait;
  }

  end(wait: ChannelWait): void {
    this.waits.delete(wait);
  }

  /**
   * Whether `wait` is the youngest wait of a cycle: the waits begun before it lead from the channel it asks back
   * to the channel it asks from. Only the youngest gives up, so one cycle refuses one transaction, not all of it.
   */
  isYoungestOfCycle(wait: ChannelWait): boolean {
    if (!this.waits.has(wait)) return false;
    const older = [...this.waits].filter((other) => other.sequence < wait.sequence);
    const reached = new Set<string>([wait.to]);
    const frontier = [wait.to];
    while (frontier.length > 0) {
      const channel = frontier.pop() as string;
      for (const other of older) {
        if (other.from !== channel || reached.has(other.to)) continue;
        if (other.to === wait.from) return true;
        reached.add(other.to);
        frontier.push(other.to);
      }
    }
    return false;
  }
}

/** The waits of each peer connected to this chaincode process (one service may serve several peers). */
const waitsByPeer = new WeakMap<ShimMessageHandler, ChannelWaits>();

/**
 * The waits of the peer that sent this transaction, known by the message handler of the connection it came on:
 * a lock cycle is one peer's.
 */
export function channelWaitsOf(ctx: Context): ChannelWaits {
  const peer = handlerOf(ctx);
  let waits = waitsByPeer.get(peer);
  if (waits === undefined) {
    waits = new ChannelWaits();
    waitsByPeer.set(peer, waits);
  }
  return waits;
}
