import type { PersonaId } from '../domain/ids';

/**
 * Dialogue shapes for synthetic calls: a few per persona, each a sequence of steps with several
 * wordings. Demo and benchmark material only — never the labelled corpus. Every collector line is
 * lawful (identity, on whose behalf, real options); the analyser should find no violation in them.
 *
 * Slots: {company} {agent} {emp} {bank} {name} {title} {tail} {balance} {days} {amount} {small}
 * {date} {rel} {callback} {ta} (他/她) {spouse} (老婆/老公) {spouseTa} {agentSurname}.
 */

export type Who = 'agent' | 'debtor' | 'third_party';

export interface Step {
  who: Who;
  say: readonly string[];
  /** probability the step is spoken at all (default 1) */
  p?: number;
}

export interface Shape {
  /** true when the debtor names an amount and a day */
  promise: boolean;
  steps: readonly Step[];
}

const OPEN: Step = {
  who: 'agent',
  say: [
    '您好，我是{company}的{agent}，工号{emp}，受{bank}委托联系您，请问是{name}本人吗？',
    '喂您好，这边是{company}，我姓{agentSurname}，工号{emp}，受{bank}委托处理您信用卡的事，请问您是{name}吗？',
    '{title}您好，我是{bank}委托的{company}催收专员{agent}，工号是{emp}，请问现在方便说话吗？',
  ],
};

const CONFIRM: Step = {
  who: 'debtor',
  say: ['是我。', '嗯，我是，什么事？', '对，你说吧。', '是的是的', '我就是，怎么了'],
};

const STATE_DEBT: Step = {
  who: 'agent',
  say: [
    '您尾号{tail}的信用卡已经逾期{days}天了，目前欠款合计{balance}元，今天打电话想跟您商量一下还款的安排。',
    '是这样，您在{bank}尾号{tail}的卡现在逾期{days}天，应还总额{balance}元，想了解一下您这边的情况。',
    '系统显示您尾号{tail}这张卡欠款{balance}元，逾期{days}天了，您看这个怎么处理？',
  ],
};

const CLOSE: Step = {
  who: 'agent',
  say: [
    '好的，那我给您备注上，{date}我再跟您确认一下，有问题随时打我们电话。',
    '行，我这边记下了，还款后保留好凭证，{date}前我会再联系您。',
    '好的{title}，感谢您配合，我们{date}再联系，再见。',
  ],
};

const PROMISE_CONFIRM: Step = {
  who: 'agent',
  say: [
    '那我跟您确认一下：{date}之前还{amount}元，钱从哪里来方便说一下吗？',
    '好，{date}前{amount}元对吧？这笔钱是工资还是家里帮忙？',
    '我记一下，{date}还{amount}元，到时候还不上请提前跟我说一声。',
  ],
};

const SHAPES: Record<PersonaId, readonly Shape[]> = {
  guilty: [
    {
      promise: true,
      steps: [
        OPEN,
        CONFIRM,
        STATE_DEBT,
        {
          who: 'debtor',
          say: [
            '真的很对不起，我不是故意不还，我妈今年查出来病了，钱全花在医院了。',
            '实在不好意思，家里老人住院，这几个月工资都填进去了，我心里也一直过意不去。',
          ],
        },
        {
          who: 'agent',
          say: [
            '能理解，家里有人生病确实难，您这几个月也不容易。您现在每个月大概有多少收入？',
            '听得出来您压力很大，先照顾好家里。我想了解一下，您现在工作还正常吗，一个月能留出多少？',
          ],
        },
        {
          who: 'debtor',
          say: ['工资五千多，除去药费房租剩得不多。', '还在上班，一个月能挤出一两千吧。'],
        },
        {
          who: 'agent',
          say: [
            '那我们不求一步到位，先还一部分，剩下的我帮您向{bank}申请分期，这样家里人也少操心。',
            '咱们量力而行，先定一个小目标，按月还，家里人知道您在处理也会放心些。',
          ],
        },
        {
          who: 'debtor',
          say: ['好，{date}发工资，我先还{amount}。', '那我{date}之前先还{amount}元，行吗？'],
        },
        PROMISE_CONFIRM,
        { who: 'debtor', say: ['工资卡里的，发了就转。', '是我自己的工资，您放心。'] },
        CLOSE,
      ],
    },
    {
      promise: true,
      steps: [
        OPEN,
        CONFIRM,
        STATE_DEBT,
        {
          who: 'debtor',
          say: [
            '我知道我知道，我被公司裁了，找了三个月工作都没着落，我老婆还不知道这事……',
            '唉，说出来丢人，我失业半年了，每次接到电话都睡不着。',
          ],
        },
        {
          who: 'agent',
          say: [
            '您愿意面对就是好事。这个钱迟早要解决，早点处理对家里也是个交代，您看先从小额开始？',
            '您别太自责，很多人都碰到过难处。关键是定个计划，一点一点还，这样对您、对家里都好。',
          ],
        },
        {
          who: 'debtor',
          say: ['那我……{date}先还{small}可以吗？多了真拿不出来。', '我先想办法凑{small}，{date}之前。'],
        },
        {
          who: 'agent',
          say: [
            '{small}也行，先还上表示诚意。剩下的我可以帮您问问{bank}有没有分期方案。',
            '可以，先还{small}，后面您找到工作了我们再调整计划。',
          ],
        },
        { who: 'debtor', say: ['谢谢你啊，真的。', '好的好的，麻烦你了。'] },
        CLOSE,
      ],
    },
  ],
  lucky: [
    {
      promise: true,
      steps: [
        OPEN,
        CONFIRM,
        STATE_DEBT,
        {
          who: 'debtor',
          say: [
            '我朋友欠了银行二十多万，拖了好几年也没见怎么样，我这点钱急什么。',
            '网上都说了，信用卡欠几万块银行根本不会告，你们就是吓唬人。',
          ],
        },
        {
          who: 'agent',
          say: [
            '每个人情况不一样。{bank}对长期不还的账户是会依法走诉讼的，法院的裁判文书网上都能查到判决，您可以自己去看看。',
            '网上的说法不一定靠谱。您签的合同里写得很清楚，欠款是要还的，银行有权依法追偿，这是事实。',
          ],
        },
        { who: 'debtor', say: ['真的会告吗？那要是判了会怎样？', '……那我要是还一部分呢？'] },
        {
          who: 'agent',
          say: [
            '我不吓唬您，目前您的账户还在协商阶段，现在处理选择最多。先还一部分，后面可以谈分期。',
            '现在主动处理，对您的信用记录也好。您能先还多少？',
          ],
        },
        { who: 'debtor', say: ['那我{date}先还{amount}吧。', '行吧，{date}给你们转{amount}。'] },
        PROMISE_CONFIRM,
        { who: 'debtor', say: ['我自己的钱，你记上就行。', '找朋友借点。'] },
        CLOSE,
      ],
    },
    {
      promise: false,
      steps: [
        OPEN,
        CONFIRM,
        STATE_DEBT,
        {
          who: 'debtor',
          say: ['我看抖音上说等一等银行会给减免，我等减免下来再说。', '我同事说拖到最后银行会打折，我不急。'],
        },
        {
          who: 'agent',
          say: [
            '减免要看{bank}的政策，而且要先有还款行动才可能申请，等是等不来的。',
            '这个说法不准确，减免是银行按具体情况审批的，不是拖得越久越划算，利息和费用还在涨。',
          ],
        },
        { who: 'debtor', say: ['那我再想想吧，过段时间再说。', '有钱了再还，现在真没有。'] },
        {
          who: 'agent',
          say: [
            '好，我把能申请的方案发短信给您，您考虑好了回个电话。',
            '行，您想清楚了随时联系我，工号{emp}。',
          ],
        },
      ],
    },
  ],
  vain: [
    {
      promise: true,
      steps: [
        OPEN,
        { who: 'debtor', say: ['谁啊？这么多钱我会不还吗？', '哦你们啊，这点小钱至于天天打吗？'] },
        STATE_DEBT,
        {
          who: 'debtor',
          say: [
            '我最近在谈个大项目，下个月奖金下来好几万，这点钱算什么。',
            '我开店的，流水大得很，就是最近资金压在货上了。',
          ],
        },
        {
          who: 'agent',
          say: [
            '听得出来您是做事的人，有本事的人更在乎信用记录，早点处理对您以后贷款买车买房都有好处。',
            '您年纪轻轻就做这么大，挺厉害的。那这个小账我们先清掉，别让它影响您做生意。',
          ],
        },
        {
          who: 'debtor',
          say: ['那当然，我{date}先还{amount}，剩下的月底一起。', '行，{date}之前转{amount}给你。'],
        },
        PROMISE_CONFIRM,
        { who: 'debtor', say: ['客户回款啊，放心吧。', '奖金，肯定到。'] },
        CLOSE,
      ],
    },
    {
      promise: false,
      steps: [
        OPEN,
        CONFIRM,
        {
          who: 'debtor',
          say: [
            '你们是不是给我家里打电话了？我爸妈都知道了，你们让我很没面子！',
            '谁让你们找我朋友的？我号码换了不代表我不还！',
          ],
        },
        {
          who: 'agent',
          say: [
            '您先别着急，我们没有跟任何人说您欠款的事，只是请他们转告您回个电话。',
            '理解您的心情，我们联系您的家人只是因为您的号码打不通，没有透露任何账户信息。',
          ],
        },
        { who: 'debtor', say: ['那你们以后直接找我。', '行吧，有事打我这个号。'] },
        STATE_DEBT,
        { who: 'debtor', say: ['月底吧，月底肯定还。', '过两天，过两天我看看。'] },
        {
          who: 'agent',
          say: [
            '月底具体是哪天、还多少，您给我一个准数，我好跟{bank}报备。',
            '“过两天”我没法登记，您说个具体日期和金额吧。',
          ],
        },
        { who: 'debtor', say: ['到时候再说，我现在忙。', '我看情况，先挂了。'] },
      ],
    },
  ],
  dominant: [
    {
      promise: false,
      steps: [
        OPEN,
        {
          who: 'debtor',
          say: [
            '你是哪个公司的？工号多少？我怎么知道你不是骗子？',
            '你把你们公司全称和营业执照发给我，不然我不跟你谈。',
          ],
        },
        {
          who: 'agent',
          say: [
            '可以理解您的谨慎。我们是{company}，工号{emp}，您可以拨打{bank}官方客服核实委托关系。',
            '没问题，我再说一遍：{company}，工号{emp}，受{bank}委托，您可以通过银行官方渠道核实。',
          ],
        },
        {
          who: 'debtor',
          say: [
            '我懂法的，你们这种外包催收本身就有问题，我一个电话就能投诉你们。',
            '我有律师朋友，你们再打我就去银保监投诉。',
          ],
        },
        {
          who: 'agent',
          say: [
            '您有投诉的权利，投诉渠道我也可以告诉您。但欠款的事实还在，{bank}的合同条款您可以调出来看。',
            '您投诉是您的权利，我们这边全程录音、依规操作。今天只是想跟您说清楚欠款{balance}元和可以申请的困难方案。',
          ],
        },
        { who: 'debtor', say: ['什么方案？说来听听。', '我不需要方案，你们就等着吧。'] },
        {
          who: 'agent',
          say: [
            '如果确实有困难，可以向{bank}申请分期，具体期数和减免要银行审批，我可以帮您提交。',
            '这个情况我会报给我们主管，由主管跟您对接，您看可以吗？',
          ],
        },
        { who: 'debtor', say: ['让你们领导打给我。', '你把方案发短信给我，我看了再说。'] },
        CLOSE,
      ],
    },
    {
      promise: true,
      steps: [
        OPEN,
        CONFIRM,
        STATE_DEBT,
        {
          who: 'debtor',
          say: [
            '你们这个利息算法本身就不合法，我要求先把利息免了再谈。',
            '我在银行有认识的人，你们这个案子我打个招呼就能处理。',
          ],
        },
        {
          who: 'agent',
          say: [
            '利息和费用都按合同约定计算，明细您可以找{bank}要账单核对。能不能减免要看银行政策，我可以帮您申请。',
            '您认识谁我不评论，我这边只能按{bank}的委托办事，欠款明细清清楚楚。',
          ],
        },
        {
          who: 'debtor',
          say: [
            '那行，我{date}先还{amount}，剩下的等你们减免结果。',
            '好，{date}还{amount}，你把申请给我报上去。',
          ],
        },
        PROMISE_CONFIRM,
        { who: 'debtor', say: ['我自己的钱，这个不用你管。', '公司账上的。'] },
        CLOSE,
      ],
    },
  ],
  timid: [
    {
      promise: true,
      steps: [
        OPEN,
        { who: 'debtor', say: ['啊……是、是我。', '嗯……你好。'] },
        STATE_DEBT,
        { who: 'debtor', say: ['好好好，我马上还，马上还。', '知道了知道了，我尽快。'] },
        {
          who: 'agent',
          say: [
            '您先别急着答应，您实际能拿出多少？钱是您自己管还是家里人管？',
            '我想确认一下，这笔钱您自己能做主吗？家里的钱平时谁在管？',
          ],
        },
        {
          who: 'debtor',
          say: ['钱都是我{spouse}管……我得问问{spouseTa}。', '我妈管钱，我自己手里没多少。'],
        },
        {
          who: 'agent',
          say: [
            '那方便的话，您跟家里商量好，让管钱的人一起定个还款时间，这样更稳妥。',
            '这样吧，您今天跟家里说清楚，定下来金额和日子再告诉我。',
          ],
        },
        { who: 'debtor', say: ['那……{date}我先还{amount}吧。', '我{date}之前想办法还{amount}。'] },
        PROMISE_CONFIRM,
        { who: 'debtor', say: ['我……我去跟{spouseTa}说。', '应该可以吧。'] },
        CLOSE,
      ],
    },
    {
      promise: false,
      steps: [
        OPEN,
        CONFIRM,
        STATE_DEBT,
        { who: 'debtor', say: ['我昨天已经还过了呀。', '我前两天转了的，你们没收到吗？'] },
        {
          who: 'agent',
          say: [
            '系统里暂时没看到入账，麻烦您把转账凭证截图发过来，我帮您核实。',
            '您是通过什么渠道还的？我这边查不到，您把流水发一下我马上核对。',
          ],
        },
        { who: 'debtor', say: ['我……我找找，可能还没到账。', '截图我回头发给你。'] },
        {
          who: 'agent',
          say: ['好，今天之内发过来，核实不到的话还是按欠款处理。', '行，我等您的凭证，收到后给您回电。'],
        },
      ],
    },
  ],
  jaded: [
    {
      promise: false,
      steps: [
        OPEN,
        CONFIRM,
        STATE_DEBT,
        {
          who: 'debtor',
          say: [
            '我欠了七八家，网贷信用卡都有，一天几十个电话，你们排队吧。',
            '你们是第几家了？我每家都还不上，你们爱怎么样怎么样。',
          ],
        },
        {
          who: 'agent',
          say: [
            '能感觉到您压力很大。欠得多更要理清楚先后，{bank}这边如果能协商，您以后再需要用信用的时候会好办一些。',
            '我理解，这么多家一起压着谁都扛不住。我们不逼您，您要是哪天想理一理，可以打给我。',
          ],
        },
        { who: 'debtor', say: ['没用的，什么方案我都还不起。', '不谈了，没意思。'] },
        {
          who: 'agent',
          say: [
            '好，那我这边先不打扰，您情况有变化随时联系，工号{emp}。',
            '行，我给您留个电话，以后有需要再说。',
          ],
        },
      ],
    },
    {
      promise: false,
      steps: [
        OPEN,
        {
          who: 'debtor',
          say: [
            '你们今天已经打了两次了，再打第三次我就投诉，我都有记录。',
            '我知道你们的规矩，一天不能超过三次，我录着音呢。',
          ],
        },
        {
          who: 'agent',
          say: [
            '您说得对，我们会控制联系次数，今天这通之后就不再打扰您了。',
            '感谢您提醒，我们有频次规定，会严格遵守。我就简单说两句。',
          ],
        },
        STATE_DEBT,
        { who: 'debtor', say: ['等你们减免到一半再来找我。', '我在等减免，别的免谈。'] },
        {
          who: 'agent',
          say: [
            '减免要银行审批，我可以把您的诉求报上去，有结果再通知您。',
            '您的意见我记下了，会如实反馈给{bank}。',
          ],
        },
      ],
    },
  ],
};

/** A call to a contact: the debt is never mentioned, only a request to call back. */
export const THIRD_PARTY_SHAPE: Shape = {
  promise: false,
  steps: [
    {
      who: 'agent',
      say: [
        '您好，我是{company}的{agent}，请问您认识{name}吗？',
        '喂您好，打扰一下，我是{company}的{agent}，想找一下{name}，您认识{ta}吗？',
      ],
    },
    { who: 'third_party', say: ['认识，{ta}是我{rel}，什么事？', '是我{rel}，你找{ta}干嘛？'] },
    {
      who: 'agent',
      say: [
        '是{ta}本人的私人事务，不方便跟您细说，麻烦您转告{ta}回个电话到{callback}，谢谢您。',
        '有点个人事情需要{ta}本人处理，能麻烦您让{ta}给我们回个电话吗？号码是{callback}。',
      ],
    },
    {
      who: 'third_party',
      say: ['行，我跟{ta}说。', '好吧，我转告一下。', '我跟{ta}不怎么联系，有机会说吧。'],
    },
    { who: 'agent', say: ['谢谢您，打扰了。', '好的，麻烦您了，再见。'] },
  ],
};

export function shapesFor(persona: PersonaId): readonly Shape[] {
  return SHAPES[persona];
}
