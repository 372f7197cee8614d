-- The proposer's note (why this plan, e.g. 债务人失业，请求延长分期) is kept apart from the approver's
-- decision note, which used to overwrite it. A plan still awaiting approval has only its proposer's note
-- so far, in decision_note: move it over. A decided plan keeps decision_note as it is and no proposal
-- note, since which note was whose can no longer be told.
alter table repayment_plans add column proposal_note text;
update repayment_plans set proposal_note = decision_note, decision_note = null
 where state = 'proposed' and decision_note is not null;
