import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { LiveAnswer } from '../../../../src/server/live-calls';
import type { liveCallStarted } from '../../../../src/server/live-routes';
import { http } from '../../api/client';

/** What the live-assist socket sends (src/server/live-socket.ts). */
export type LiveServerMessage =
  | { type: 'ready'; liveCallId: string; caseId: string; turns: number; resumed: boolean }
  | (LiveAnswer & { serverMs: number })
  | { type: 'ended'; liveCallId: string; callId: string; turns: number }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string; seq?: number };

export type LiveStatus = 'idle' | 'starting' | 'open' | 'closed' | 'ended';
export type Speaker = 'agent' | 'debtor' | 'third_party';

export type LiveStart = z.infer<typeof liveCallStarted>;

export interface LiveState {
  status: LiveStatus;
  call: LiveStart | null;
  answers: (LiveAnswer & { serverMs: number })[];
  /** turns sent and not yet answered */
  pending: { seq: number; speaker: Speaker; text: string }[];
  resumedTurns: number;
  endedCallId: string | null;
  error: string | null;
}

function socketUrl(liveCallId: string): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api/live-calls/${encodeURIComponent(liveCallId)}/socket`;
}

/**
 * One live call over the WebSocket: started by POST, joined with the session cookie, each turn
 * answered in order. A restart of the server (close code 1012) reconnects and carries on.
 */
export function useLiveCall(caseId: string) {
  const [state, setState] = useState<LiveState>({
    status: 'idle',
    call: null,
    answers: [],
    pending: [],
    resumedTurns: 0,
    endedCallId: null,
    error: null,
  });
  const ws = useRef<WebSocket | null>(null);
  const seq = useRef(0);
  const ended = useRef(false);

  const connect = useCallback((call: LiveStart) => {
    const socket = new WebSocket(socketUrl(call.liveCallId));
    ws.current = socket;
    socket.onmessage = (ev: MessageEvent<string>) => {
      const msg: LiveServerMessage = JSON.parse(ev.data);
      setState((s) => {
        switch (msg.type) {
          case 'ready':
            seq.current = Math.max(seq.current, msg.turns);
            return {
              ...s,
              status: 'open',
              error: null,
              resumedTurns: msg.resumed ? msg.turns : s.resumedTurns,
            };
          case 'assist':
            return {
              ...s,
              answers: msg.duplicate ? s.answers : [...s.answers, msg],
              pending: s.pending.filter((p) => p.seq !== msg.seq),
            };
          case 'ended':
            ended.current = true;
            return { ...s, status: 'ended', endedCallId: msg.callId, pending: [] };
          case 'error':
            return {
              ...s,
              error: msg.message,
              pending: msg.seq === undefined ? s.pending : s.pending.filter((p) => p.seq !== msg.seq),
            };
          case 'pong':
            return s;
        }
      });
    };
    socket.onclose = (ev) => {
      if (ws.current !== socket) return;
      ws.current = null;
      if (ended.current) return;
      // 1012: the server is restarting; another process takes the call over.
      if (ev.code === 1012) setTimeout(() => connect(call), 500);
      else setState((s) => ({ ...s, status: 'closed' }));
    };
  }, []);

  const start = useCallback(async () => {
    setState((s) => ({ ...s, status: 'starting', error: null }));
    try {
      const call = await http.post<LiveStart>('/api/live-calls', { caseId });
      setState((s) => ({ ...s, call }));
      connect(call);
    } catch (e) {
      setState((s) => ({ ...s, status: 'idle', error: e instanceof Error ? e.message : String(e) }));
    }
  }, [caseId, connect]);

  const reconnect = useCallback(() => {
    if (state.call) {
      setState((s) => ({ ...s, status: 'starting' }));
      connect(state.call);
    }
  }, [state.call, connect]);

  const send = useCallback((speaker: Speaker, text: string) => {
    const socket = ws.current;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    const n = seq.current++;
    setState((s) => ({ ...s, pending: [...s.pending, { seq: n, speaker, text }] }));
    socket.send(JSON.stringify({ type: 'turn', seq: n, speaker, text }));
    return true;
  }, []);

  const end = useCallback(() => {
    ws.current?.send(JSON.stringify({ type: 'end' }));
  }, []);

  useEffect(
    () => () => {
      const socket = ws.current;
      ws.current = null;
      socket?.close(1000, 'left the page');
    },
    [],
  );

  return { state, start, send, end, reconnect };
}
