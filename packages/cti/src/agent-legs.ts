/**
 * Which switch channel belongs to which agent, and to which call. CTI keeps this index because the
 * switch knows legs and the ACD knows agents; neither knows the other.
 */
export interface AgentLeg {
  agentId: string;
  callId: string;
  /** The agent's own leg (their extension). */
  channelId: string;
  /** The customer's leg. */
  partnerId: string;
  direction: 'inbound' | 'outbound';
  queueId: string | null;
  accessNumber: string | null;
  /** Set when the agent's phone answered. */
  answeredAt: number | null;
  startedAt: number;
  /** An attended transfer in progress: the consulted party's leg (the customer waits on hold). */
  consult?: { transferId: string; channelId: string };
  /** A third party added for a three-way conference. */
  thirdPartyId?: string;
  /** Being replaced by an auto-answer INVITE (`answer`): its end is not a decline. */
  replaced?: boolean;
}

export class AgentLegs {
  private readonly byAgent = new Map<string, AgentLeg>();
  private readonly byChannel = new Map<string, AgentLeg>();

  add(leg: AgentLeg): void {
    this.remove(leg.agentId);
    this.byAgent.set(leg.agentId, leg);
    this.byChannel.set(leg.channelId, leg);
  }

  ofAgent(agentId: string): AgentLeg | undefined {
    return this.byAgent.get(agentId);
  }

  ofChannel(channelId: string): AgentLeg | undefined {
    return this.byChannel.get(channelId);
  }

  /** Whether CTI handles this call (an agent leg of it exists). */
  hasCall(callId: string): boolean {
    for (const l of this.byAgent.values()) if (l.callId === callId) return true;
    return false;
  }

  /** The leg whose consultation this is (attended transfer in progress). */
  consulting(transferId: string): AgentLeg | undefined {
    for (const l of this.byAgent.values()) if (l.consult?.transferId === transferId) return l;
    return undefined;
  }

  /** Legs whose customer is this channel (normally one). */
  withPartner(channelId: string): AgentLeg[] {
    return [...this.byAgent.values()].filter((l) => l.partnerId === channelId);
  }

  remove(agentId: string): AgentLeg | undefined {
    const leg = this.byAgent.get(agentId);
    if (!leg) return undefined;
    this.byAgent.delete(agentId);
    this.byChannel.delete(leg.channelId);
    return leg;
  }
}
