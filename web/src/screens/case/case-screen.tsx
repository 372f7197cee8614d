import { Alert, App, Button, Spin, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import type { CaseDetail, Reveal } from '../../api/types';
import { can, useMe } from '../../app/auth';
import { Link, navigate } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { holdNoticeDates, readOnlyReason } from '../../lib/case-rules';
import { formatDateTime, formatFen, formatPercent } from '../../lib/format';
import { useHotkeys } from '../../lib/hotkeys';
import { useResource } from '../../lib/use-resource';
import { AdviceView } from '../parts/advice-view';
import { BlockedReason } from '../parts/blocked-reason';
import { ErrorNote } from '../parts/error-note';
import { CallDialog } from './call-dialog';
import { ContactDialog } from './contact-dialog';
import { ContactsPanel } from './contacts-panel';
import { DebtorPanel } from './debtor-panel';
import { EscalateDialog } from './escalate-dialog';
import {
  type ClosableHold,
  CloseHoldDialog,
  closable,
  OpenHoldDialog,
  type OpenHoldKind,
} from './hold-dialogs';
import { MoneyPanel } from './money-panel';
import { PaymentDialog } from './payment-dialog';
import { PersonaPanel } from './persona-panel';
import { PlanCalculator } from './plan-calculator';
import { PromiseDialog } from './promise-dialog';
import { RevealDialog } from './reveal-dialog';
import { ReverseDialog } from './reverse-dialog';
import { TimelinePanel } from './timeline-panel';

type Dialog =
  | { kind: 'contact'; contactId: string | null }
  | { kind: 'call'; attemptId: string | null }
  | { kind: 'promise' }
  | { kind: 'payment' }
  | { kind: 'reverse'; paymentId: string }
  | { kind: 'reveal' }
  | { kind: 'escalate' }
  | { kind: 'openHold'; hold: OpenHoldKind }
  | { kind: 'closeHold'; hold: ClosableHold }
  | null;

function AdvicePanel({ caseId, version }: { caseId: string; version: number }) {
  const { t } = useI18n();
  const advice = useResource((signal) => api.suggestions(caseId, { limit: 5 }, signal), [caseId, version]);
  return (
    <section className="panel" aria-labelledby="advice-title">
      <h2 id="advice-title">{t('advice.title')}</h2>
      {advice.loading && !advice.data && <Spin size="small" />}
      <ErrorNote error={advice.error} />
      {advice.data && <AdviceView advice={advice.data.advice} />}
    </section>
  );
}

/** Who may lift which hold (the server checks again): stops and disputes leads, complaints those who answer them. */
const CLOSERS = { stop: 'leads', dispute: 'leads', complaint: 'complaintAnswerers' } as const;

function HoldAlerts({ detail, onLift }: { detail: CaseDetail; onLift: ((h: ClosableHold) => void) | null }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const open = detail.holds.filter((h) => h.closedAt === null);
  const lift = (h: CaseDetail['holds'][number]) =>
    onLift && closable(h) && can(me, CLOSERS[h.kind]) ? (
      <Button size="small" onClick={() => onLift(h)} data-testid={`lift-${h.kind}`}>
        {t(h.kind === 'stop' ? 'hold.resume' : h.kind === 'complaint' ? 'hold.answer' : 'hold.resolve')}
      </Button>
    ) : null;
  return (
    <>
      {open.map((h) => (
        <Alert
          key={h.id}
          type={h.blocksContact ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="hold"
          title={
            h.otherAgency
              ? t('case.holdOtherAgency')
              : t('case.holdActive', { kind: label('hold', h.kind, lang), reason: h.reason })
          }
          description={holdNoticeDates(h, lang, detail.debtor.timeZone, t)}
          action={lift(h)}
        />
      ))}
      {detail.escalation && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('case.escalated', { reason: label('escalation', detail.escalation.reason, lang) })}
        />
      )}
    </>
  );
}

/** The case page: everything a collector needs on one screen, and the shortcuts to record the call's results. */
export function CaseScreen({ params }: ScreenProps) {
  const caseId = params.caseId ?? '';
  const { t, lang, colon, pick } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const detail = useResource((signal) => api.caseDetail(caseId, signal), [caseId]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [revealed, setRevealed] = useState<Reveal | null>(null);
  const [version, setVersion] = useState(0);
  const d = detail.data;
  const canWork = Boolean(d?.can.work) && d?.case.status === 'open';
  const readOnly = d ? readOnlyReason(d) : null;
  const readCalls = can(me, 'qaReaders');
  const caseOpen = d?.case.status === 'open';
  // QA log complaints on any case they review; case workers on the cases they work.
  const canComplain = caseOpen && can(me, 'complaints') && (canWork || me.user.role === 'qa');
  const canStop =
    canWork &&
    can(me, 'leads') &&
    !d?.holds.some((h) => h.kind === 'stop' && h.closedAt === null && !h.otherAgency);
  // Live assist dials: the contact guard's answer for a call to the debtor now (the server refuses
  // a blocked start with the same reasons). Asked only by those who may work the case.
  const callGuard = useResource(
    () => (canWork ? api.guard(caseId, { channel: 'call' }) : Promise.resolve(null)),
    [caseId, version, canWork],
  );
  const liveBlocked = callGuard.data && !callGuard.data.allowed ? callGuard.data : null;
  const openLive = () => {
    if (!liveBlocked) navigate(`/cases/${encodeURIComponent(caseId)}/live`);
  };

  const changed = () => {
    detail.reload();
    setVersion((v) => v + 1);
  };

  useHotkeys(
    {
      c: () => setDialog({ kind: 'call', attemptId: null }),
      p: () => setDialog({ kind: 'promise' }),
      m: () => setDialog({ kind: 'payment' }),
      t: () => setDialog({ kind: 'contact', contactId: null }),
      l: openLive,
    },
    canWork && dialog === null,
  );
  useHotkeys({ q: () => navigate('/queue') }, dialog === null);

  if (detail.loading && !d) return <Spin className="screen-loading" />;
  if (!d) return <ErrorNote error={detail.error} />;

  const confirmProposal = async (id: string) => {
    try {
      await api.confirmProposal(id, {});
      message.success(t('money.confirmed'));
      changed();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const dismissProposal = async (id: string) => {
    try {
      await api.dismissProposal(id);
      message.success(t('money.dismissed'));
      changed();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const c = d.case;
  return (
    <article aria-labelledby="case-title" data-testid="case-screen">
      <div className="screen-title">
        <Link to="/queue" className="muted">
          ← {t('case.backToQueue')} <kbd>Q</kbd>
        </Link>
        <h1 id="case-title">
          {d.debtor.name} <span className="muted case-id">{t('case.title', { id: c.id })}</span>
        </h1>
        <Tag color={c.status === 'open' ? 'blue' : 'default'}>{label('status', c.status, lang)}</Tag>
        {c.persona && <Tag color="magenta">{label('persona', c.persona, lang)}</Tag>}
        <span className="muted">
          {t('case.client')}
          {colon}
          {c.clientName} ·{' '}
          {t('case.batch', {
            batch: c.placement.batchNo,
            from: c.placement.periodStart,
            to: c.placement.periodEnd,
          })}
        </span>
      </div>

      <div className="kpis case-kpis">
        <Kpi name={t('case.balance')} value={formatFen(c.balanceFen, lang)} testId="case-balance" />
        <Kpi name={t('case.totalDue')} value={formatFen(c.totalDueFen, lang)} />
        <Kpi
          name={t('case.paid')}
          value={formatFen(c.paidFen, lang)}
          sub={`${t('case.waived')} ${formatFen(c.waivedFen, lang)}`}
        />
        <Kpi name={t('case.brokenCount')} value={String(c.brokenCount)} />
        <Kpi name={t('case.nextDue')} value={c.nextDueAt ? formatDateTime(c.nextDueAt, lang) : '—'} />
        <Kpi
          name={t('case.lastContact')}
          value={c.lastContactAt ? formatDateTime(c.lastContactAt, lang) : '—'}
        />
        <Kpi
          name={`${t('case.ability')} / ${t('case.willingness')}`}
          value={`${formatPercent(c.ability, 0)} / ${formatPercent(c.willingness, 0)}`}
        />
        <Kpi name={t('case.assignee')} value={c.assigneeName ?? '—'} />
      </div>

      {canWork ? (
        <div className="toolbar" role="toolbar" aria-label={t('case.actions')}>
          <Button onClick={() => setDialog({ kind: 'contact', contactId: null })}>
            {t('case.logContact')} <kbd>T</kbd>
          </Button>
          <Button type="primary" onClick={() => setDialog({ kind: 'call', attemptId: null })}>
            {t('case.recordCall')} <kbd>C</kbd>
          </Button>
          <Button onClick={() => setDialog({ kind: 'promise' })}>
            {t('case.recordPromise')} <kbd>P</kbd>
          </Button>
          <Button onClick={() => setDialog({ kind: 'payment' })}>
            {t('case.recordPayment')} <kbd>M</kbd>
          </Button>
          <Button
            onClick={openLive}
            disabled={liveBlocked !== null}
            aria-describedby={liveBlocked ? 'live-blocked' : undefined}
            title={liveBlocked ? liveBlocked.blocking.map((b) => pick(b.reason)).join('；') : undefined}
            data-testid="live-assist"
          >
            {t('case.liveAssist')} <kbd>L</kbd>
          </Button>
          {!d.escalation && (
            <Button onClick={() => setDialog({ kind: 'escalate' })}>{t('case.escalate')}</Button>
          )}
          <Button onClick={() => setDialog({ kind: 'openHold', hold: 'dispute' })}>
            {t('hold.openDispute')}
          </Button>
          {canComplain && (
            <Button onClick={() => setDialog({ kind: 'openHold', hold: 'complaint' })}>
              {t('hold.openComplaint')}
            </Button>
          )}
          {canStop && (
            <Button danger onClick={() => setDialog({ kind: 'openHold', hold: 'stop' })}>
              {t('hold.stop')}
            </Button>
          )}
        </div>
      ) : (
        <>
          <p className="muted" data-testid="case-read-only">
            {t(readOnly ?? 'case.readOnly')}
          </p>
          {canComplain && (
            <div className="toolbar" role="toolbar" aria-label={t('case.actions')}>
              <Button onClick={() => setDialog({ kind: 'openHold', hold: 'complaint' })}>
                {t('hold.openComplaint')}
              </Button>
            </div>
          )}
        </>
      )}

      {canWork && liveBlocked && (
        <div id="live-blocked">
          <Alert
            type="warning"
            showIcon
            data-testid="live-blocked"
            style={{ marginBottom: 8 }}
            title={t('case.liveBlocked')}
            description={
              <BlockedReason
                blocking={liveBlocked.blocking}
                nextAllowedAt={liveBlocked.nextAllowedAt}
                timeZone={d.debtor.timeZone}
              />
            }
          />
        </div>
      )}
      <HoldAlerts detail={d} onLift={(h) => setDialog({ kind: 'closeHold', hold: h })} />

      <div className="two-col">
        <div>
          <DebtorPanel
            detail={d}
            revealed={revealed}
            onReveal={d.can.reveal ? () => setDialog({ kind: 'reveal' }) : null}
          />
          <ContactsPanel
            detail={d}
            onLog={canWork ? (contactId) => setDialog({ kind: 'contact', contactId }) : null}
          />
          <MoneyPanel
            detail={d}
            onConfirm={canWork ? (id) => void confirmProposal(id) : null}
            onDismiss={canWork ? (id) => void dismissProposal(id) : null}
            onReverse={can(me, 'approvers') ? (paymentId) => setDialog({ kind: 'reverse', paymentId }) : null}
          />
          <TimelinePanel
            detail={d}
            onOpenCall={readCalls ? (callId) => navigate(`/qa/calls/${encodeURIComponent(callId)}`) : null}
          />
        </div>
        <div>
          <PersonaPanel detail={d} readCalls={readCalls} />
          {d.can.work && <AdvicePanel caseId={caseId} version={version} />}
          {/* the calculator is a case worker's tool (its endpoint answers 403 to QA and bank viewers) */}
          {d.can.work && <PlanCalculator detail={d} onProposed={canWork ? changed : null} />}
        </div>
      </div>

      {dialog?.kind === 'contact' && (
        <ContactDialog
          detail={d}
          contactId={dialog.contactId}
          onClose={(r) => {
            if (!r) return setDialog(null);
            changed();
            setDialog(r.connected ? { kind: 'call', attemptId: r.attemptId } : null);
          }}
        />
      )}
      {dialog?.kind === 'call' && (
        <CallDialog
          detail={d}
          attemptId={dialog.attemptId}
          onClose={(saved) => {
            setDialog(null);
            if (saved) changed();
          }}
        />
      )}
      {dialog?.kind === 'promise' && (
        <PromiseDialog
          detail={d}
          onClose={(saved) => {
            setDialog(null);
            if (saved) changed();
          }}
        />
      )}
      {dialog?.kind === 'payment' && (
        <PaymentDialog
          detail={d}
          onClose={(saved) => {
            setDialog(null);
            if (saved) changed();
          }}
        />
      )}
      {dialog?.kind === 'reverse' &&
        (() => {
          const payment = d.payments.find((x) => x.id === dialog.paymentId);
          return payment ? (
            <ReverseDialog
              payment={payment}
              onClose={(saved) => {
                setDialog(null);
                if (saved) changed();
              }}
            />
          ) : null;
        })()}
      {dialog?.kind === 'reveal' && (
        <RevealDialog
          caseId={caseId}
          onClose={(r) => {
            setDialog(null);
            if (r) setRevealed(r);
          }}
        />
      )}
      {dialog?.kind === 'openHold' && (
        <OpenHoldDialog
          caseId={caseId}
          kind={dialog.hold}
          timeZone={d.debtor.timeZone}
          onClose={(saved) => {
            setDialog(null);
            if (saved) changed();
          }}
        />
      )}
      {dialog?.kind === 'closeHold' && (
        <CloseHoldDialog
          hold={dialog.hold}
          onClose={(saved) => {
            setDialog(null);
            if (saved) changed();
          }}
        />
      )}
      {dialog?.kind === 'escalate' && (
        <EscalateDialog
          caseId={caseId}
          onClose={(saved) => {
            setDialog(null);
            if (saved) changed();
          }}
        />
      )}
    </article>
  );
}

function Kpi({ name, value, sub, testId }: { name: string; value: string; sub?: string; testId?: string }) {
  return (
    <div className="kpi" data-testid={testId}>
      <div className="kpi-label">{name}</div>
      <div className="kpi-value">{value}</div>
      {sub && <div className="kpi-sub">{sub}</div>}
    </div>
  );
}
