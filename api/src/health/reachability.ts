import { Socket } from 'node:net';
import { common, peer } from '@hyperledger/fabric-protos';

/** A node of another organisation this instance's work depends on, and whether it answered. */
export interface NodeReachability {
  /** host:port, as the channel's configuration names it. */
  endpoint: string;
  /** The MSP id of the organisation that runs it. */
  org: string;
  role: 'orderer' | 'peer';
  /** The channels whose configuration names it. */
  channels: string[];
  reachable: boolean;
}

/** The nodes a channel's configuration names: its orderers' endpoints and its members' anchor peers. */
export interface ChannelNodes {
  orderers: { org: string; endpoint: string }[];
  peers: { org: string; endpoint: string }[];
}

/** Reads the orderer endpoints and anchor peers out of a channel's configuration (cscc GetChannelConfig). */
export function nodesOfChannelConfig(configBytes: Uint8Array): ChannelNodes {
  const groups = common.Config.deserializeBinary(configBytes).getChannelGroup()?.getGroupsMap();
  const nodes: ChannelNodes = { orderers: [], peers: [] };
  groups?.get('Orderer')?.getGroupsMap().forEach((group: common.ConfigGroup, org: string) => {
    const value = group.getValuesMap().get('Endpoints');
    if (value === undefined) return;
    for (const endpoint of common.OrdererAddresses.deserializeBinary(value.getValue_asU8()).getAddressesList()) nodes.orderers.push({ org, endpoint });
  });
  groups?.get('Application')?.getGroupsMap().forEach((group: common.ConfigGroup, org: string) => {
    const value = group.getValuesMap().get('AnchorPeers');
    if (value === undefined) return;
    for (const anchor of peer.AnchorPeers.deserializeBinary(value.getValue_asU8()).getAnchorPeersList()) {
      nodes.peers.push({ org, endpoint: `${anchor.getHost()}:${anchor.getPort()}` });
    }
  });
  return nodes;
}

/** True when a TCP connection to host:port opens within the timeout. */
export function tcpReachable(endpoint: string, timeoutMs: number): Promise<boolean> {
  const at = endpoint.lastIndexOf(':');
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(endpoint.slice(at + 1)), endpoint.slice(0, at), () => done(true));
  });
}

/**
 * Which other organisations' orderers and peers this instance can reach, from the configuration of each of its
 * channels: a bank cut off from the others keeps accepting sides into its outbox, and this says why they are not
 * committing yet. The instance's own organisation's nodes are left out (its own peer is `peerReachable`).
 */
export async function reachability(
  channels: Record<string, ChannelNodes>, ownOrg: string, probe: (endpoint: string) => Promise<boolean>,
): Promise<NodeReachability[]> {
  const byEndpoint = new Map<string, NodeReachability>();
  for (const [channel, nodes] of Object.entries(channels)) {
    for (const [role, list] of [['orderer', nodes.orderers], ['peer', nodes.peers]] as const) {
      for (const { org, endpoint } of list) {
        if (org === ownOrg) continue;
        const key = `${role} ${endpoint}`;
        const known = byEndpoint.get(key) ?? { endpoint, org, role, channels: [], reachable: false };
        known.channels.push(channel);
        byEndpoint.set(key, known);
      }
    }
  }
  const all = [...byEndpoint.values()];
  await Promise.all(all.map(async (node) => {
    node.reachable = await probe(node.endpoint);
  }));
  return all.sort((a, b) => (a.role + a.endpoint < b.role + b.endpoint ? -1 : 1));
}
