-- 冲正: a wrongly recorded payment is reversed, never deleted or edited. The row stays (its reference
-- stays claimed, so a retry of the same bank reference is not recorded again); reversed_at marks it
-- and every read that sums payments leaves it out.
alter table payments add column reversed_at timestamptz;
alter table payments add column reversed_by text references users (id);
alter table payments add column reversal_reason text;
alter table payments add constraint payments_reversal_check
  check ((reversed_at is null) = (reversal_reason is null)
         and (reversal_reason is null or char_length(reversal_reason) between 1 and 500));
