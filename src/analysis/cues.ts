import type { Compact } from './features';

/**
 * Explainable cues: general patterns for each label, written from the method's definitions
 * (docs/labelling-guide.md), never from single corpus sentences. They run on the compact text
 * (normalised, punctuation removed, digit runs as "0"), feed the fitted model as features and
 * give evidence spans. The model decides; a cue alone does not make a label.
 */

export type CueLabel =
  `${'strategy' | 'reason' | 'intent' | 'violation' | 'persona' | 'identity' | 'ctx'}:${string}`;

const N = '[0一二两三四五六七八九十百千万几]'; // a number word
const YOU = '(?:你|您)';
const HE = '(?:他|她)';
const FAMILY = '(?:家人|家里人?|家属|父母|爸妈|爸|妈|老公|老婆|爱人|媳妇|丈夫|孩子|儿子|女儿|子女|亲戚)';

const TABLE: Record<CueLabel, string[]> = {
  // ---- strategies (agent) -------------------------------------------------------------
  'strategy:self_intro': [
    '我(?:是|这边是|们是).{0,14}(?:公司|资产|集团|事务所|中心|专员|客服|催收|法务部)',
    '工号[是为]?[0a-z一二三四五六七八九零幺]',
    '(?:受|接受).{0,12}(?:委托|委派)',
    '代表.{0,10}(?:银行|信用卡中心|消费金融)',
    '(?:银行|中心|消金).{0,4}(?:委托|授权)',
    '我(?:姓|叫)[\\u4e00-\\u9fa5]{1,3}',
  ],
  'strategy:praise': [
    `${YOU}(?:一直|之前|以前|过去).{0,10}(?:按时|准时|信用|守信|挺好|很好|讲究)`,
    '(?:信用|人品|素质|能力|眼光|品味|口碑).{0,4}(?:很好|不错|挺好|一流|没得说|好得很|杠杠)',
    `${YOU}(?:是个|真是|一看就是|这么|挺|很|多)(?:明白人|讲信用|爽快|有担当|有本事|能干|厉害|实在|孝顺|通情达理|讲理|靠谱|敞亮|仗义|有魄力|有头脑|年轻有为)`,
    '难得|佩服|了不起|敬佩|不简单|真行',
  ],
  'strategy:empathy': [
    '理解|体谅|感同身受|不容易|辛苦|揪心|难受|心疼',
    '换(?:成|作|了)?(?:我|谁|是我)',
    '压力(?:很|挺|确实|肯定|特别)?大',
    '谁都有.{0,6}(?:难处|困难|难的时候|不顺)',
    '(?:确实|真是|真的|也是)(?:难|挺难|不好过|够呛|闹心|糟心)',
    '我知道.{0,8}(?:难|苦|累|不好受|为难)',
    '遇到(?:这种|这样的|这个)(?:事|情况)',
    '(?:心情|情绪).{0,4}(?:能|可以)?(?:理解|明白)',
  ],
  'strategy:same_side': [
    '陪(?:您|你)(?:一起|走|处理)|不用一个人|一起(?:商量|处理|面对|理)|一道商量|我帮(?:您|你)(?:想|排|理|算)|交个底|掏心窝',
    '咱们?一起|一起(?:想|商量|解决|把)|咱俩',
    '(?:帮|替)(?:您|你)(?:想|着想|出主意|把关|解决|处理|算)',
    '站在(?:您|你)',
    '(?:是|就是)(?:来|想)帮',
    '(?:作为|当)(?:朋友|自己人|兄弟|姐妹)',
    '(?:我|咱)们?是一边的|自己人',
    '给(?:您|你)出个主意|我(?:给您|跟您)说句(?:实在|掏心)话',
  ],
  'strategy:reciprocity': [
    `(?:如果|只要|要是|假如)${YOU}?.{0,14}(?:我|我们|银行|这边).{0,8}(?:帮|给|可以|申请|争取|去|就)`,
    `${YOU}.{0,12}(?:我这边|我们这边|我就|我马上).{0,8}(?:申请|帮|争取|报|提交)`,
    '(?:减免|免掉|停息|延期|宽限|分期|免息|免违约金).{0,16}(?:前提|条件|只要|但是您|那您|您得|您要)',
    '条件是|作为交换|互相',
  ],
  'strategy:sandwich': [
    `${YOU}.{0,12}(?:挺|很|一直|是个|真|蛮).{0,12}(?:但是|不过|可是|就是).{0,40}(?:相信|希望|我觉得您|一定能|没问题|肯定能|能做到)`,
  ],
  'strategy:foot_in_door': [
    `先(?:还|拿|转|打|凑|存|交)(?:上|个|出)?.{0,6}(?:一部分|一点|几百|一些|点|最低|0|${N}百)`,
    `哪怕.{0,8}(?:先|一点|几百|一百|最低|${N}百|少)`,
    '少还(?:一)?点|先表示.{0,6}(?:诚意|态度)|意思一下|表个态',
    '能不能先|先把最低|先回个电话|先(?:把)?(?:这个月|这期)',
    '(?:从|就)(?:小|少).{0,4}(?:开始|做起)',
  ],
  'strategy:confrontation': [
    `${YOU}(?:上次|上回|之前|刚才|刚刚|昨天|前天|当时|那天|上周)(?:明明|不是)?(?:说|答应|讲|承诺|保证|告诉)`,
    '说好(?:的|了)',
    '不是说.{0,12}(?:吗|嘛|么)',
    '怎么又|又没(?:还|到账|打|转)|又(?:变|改)(?:了|卦)',
    '(?:不一样|前后不一|自相矛盾|对不上)',
    `(?:可是|但是)${YOU}(?:刚|又|之前|明明)`,
    '都(?:已经)?过了.{0,6}(?:天|号|期)',
  ],
  'strategy:reframing': [
    '(?:还了|还清|还上|处理了|处理掉|结清|解决了).{0,14}(?:以后|之后|就能|就可以|恢复|轻松|省|踏实|安心)',
    '(?:恢复|修复|重建).{0,2}(?:信用|征信|额度)',
    '省(?:下|掉)?.{0,4}(?:利息|钱|费用)',
    '(?:不是|别把它?当).{0,6}(?:负担|损失|坏事)',
    '(?:贷款|买房|买车|房贷|车贷|额度).{0,8}(?:方便|顺利|没问题|容易)',
    '无债一身轻|减负|轻装上阵|卸下|翻篇|重新开始',
    `对${YOU}?(?:自己|以后|将来|家里).{0,4}(?:有利|有好处|是好事)`,
  ],
  'strategy:go_with_flow': [
    `(?:${YOU}说得|${YOU}说的)(?:对|有道理|没错|也在理)`,
    `(?:既然|那既然)${YOU}`,
    `按${YOU}(?:说的|的意思|的想法|的节奏|的安排)`,
    `就按${YOU}`,
    '那(?:咱们|我们)就(?:定|按|照|这么)',
    '顺着|依您|照您说的',
  ],
  'strategy:cool_down': [
    '不提|一句不提|不打扰|不添堵|长话短说|我先(?:帮您|给您)?(?:记下|登记|提交|反映|核一下|核实)|给您一个交代|您说的我都记|换个时间|固定.{0,6}(?:打|联系)',
    '先别(?:急|着急|生气|激动|上火|挂)',
    '消消气|冷静|别激动|别生气|别上火|稍安勿躁|缓一缓',
    '慢慢(?:说|来|谈|聊|讲)|不着急',
    '先不(?:谈|说|聊|提).{0,4}(?:钱|还款|这个)',
    '我不是来(?:逼|催|吵|找茬)',
    `${YOU}的(?:意见|心情|情况|诉求|不满)我.{0,6}(?:记|理解|反映|登记)`,
    '我先(?:帮您|给您)(?:记|登记|反映|备注)',
  ],
  'strategy:draw_out': [
    `(?:转告|告诉|跟${HE}说|让${HE}|叫${HE}|通知${HE}).{0,16}(?:回(?:个)?电话|回电|联系(?:我|我们)|打给我|来电|给我打)`,
    '(?:回(?:个)?电话|回电|来电).{0,14}(?:方案|政策|优惠|有利|好消息|本人确认|有事商量|重要)',
    '有.{0,6}(?:好消息|新政策|方案|优惠).{0,12}(?:本人|他|她|您).{0,8}(?:回电|确认|联系|了解)',
    '方便的时候(?:回|给我)|看到(?:信息|短信|未接)(?:后)?(?:回|给我)',
  ],
  'strategy:leverage_excuse': [
    '正因为|(?:恰恰|正是)因为',
    `(?:既然|就是因为)${YOU}.{0,10}(?:生意|做生意|生病|孩子|住院|失业|工作|要用钱|周转)`,
    '(?:生意|做生意|老人|孩子|住院|看病|工作|周转|资金).{0,14}(?:更(?:要|需要|得)|才要|就更|更不能)',
    '越拖越|更不能拖|拖下去.{0,6}(?:更|只会)',
  ],
  'strategy:bear_burden': [
    '银行(?:那边|方面|那头)?(?:的)?(?:要求|规定|催得|在催|不同意|要个说法|要结果|考核|盯着)',
    '不是我(?:要|想|为难)|我也(?:不想|没办法|很为难|是打工的|做不了主)|我夹在中间',
    '上面(?:要求|催|压|规定)',
    '(?:主管|领导|经理|银行|上级).{0,8}(?:申请|争取|批|说情)',
    `(?:帮|替)${YOU}(?:申请|争取|跑|问|说情|扛|担|顶)(?:了|过)`,
    '我(?:已经)?(?:去|帮您|帮你)(?:跟|找).{0,10}(?:说|申请|争取|沟通)',
    '(?:风控|审核|法务|后台)(?:部门)?(?:那边)?(?:要求|在看|盯着)',
    '我(?:这边)?压力也',
  ],
  'strategy:cite_precedent': [
    '(?:之前|以前|上个月|去年|前阵子|有个|有一个|有位|好多|很多|不少|我们)(?:的)?.{0,10}(?:客户|持卡人|人|案例|当事人|老哥|大姐).{0,30}(?:起诉|判|强制执行|法院|冻结|失信|批不下来|被拒|执行|坐不了高铁)',
    '(?:案例|判例|新闻|报道|裁判文书).{0,12}(?:起诉|判决|执行|可以查)',
    '真实(?:的)?(?:案例|案子)|类似(?:的)?(?:情况|案例).{0,12}(?:后来|最后)',
  ],
  'strategy:press_weakness': [
    '(?:提车|买车|买房|房贷|车贷|考编|考公|创业|开店).{0,12}(?:跑不下来|批不下来|白交|受影响|让路|卡住|泡汤)|(?:要|想|准备)(?:提车|买房|考编|贷款|买车)',
    '(?:房贷|车贷|买房|贷款|按揭|创业贷|经营贷|公积金贷|政审|孩子上学|学费|信用|额度|出国|签证).{0,14}(?:影响|批不下|受限|审批|过不了|查征信|用得上|卡住|麻烦)',
    `${YOU}不是(?:说|想|打算|准备).{0,12}(?:买房|贷款|买车|创业|开店|出国|结婚|换工作)`,
    '最在乎|最看重|最关心|最重要的',
  ],
  'strategy:correct_premise': [
    '(?:不是|并不是|不算)(?:高利贷|诈骗|违法|非法)|(?:合同|合约|协议)(?:上|里)?(?:写|约定|规定)|不代表(?:就)?(?:可以)?不(?:用)?还|(?:都是|是)(?:骗|收钱的|谣言|误导)|其实(?:利息|欠款|债务)|按规定收',
    '(?:不会|并不会|不能|不是)(?:因为|随着)?.{0,6}(?:时间(?:久|长)|拖着|不管).{0,8}(?:消失|没了|不用还|一笔勾销|算了)',
    '欠(?:债|款|钱)(?:还钱|就要还|必须还|是要还|要还的)|天经地义',
    '(?:网上|视频|抖音|快手|别人|他们|朋友)(?:说|讲|传)的?.{0,14}(?:不对|不准确|不是真的|误导|谣言|不可信|片面|不靠谱)',
    '(?:朋友|别人|他们|人家)(?:没事|没还|没被).{0,12}(?:不代表|不等于|跟您没关系|不说明)',
    '法律上.{0,8}(?:债务|欠款|还款|义务)|合同(?:上)?(?:写|约定|签)|依法(?:应当|应该|需要)|债务(?:不会|依然|还在)',
    '(?:不存在|没有)(?:银行)?不(?:起诉|追究)',
  ],

  // ---- reasons (debtor) ---------------------------------------------------------------
  'reason:business_failure': [
    '生意|做买卖|买卖|开店|店(?:里|面|铺)?(?:倒|关|亏|黄)|厂子?(?:倒|关|亏|停)',
    '亏(?:了|本|损|钱|得)|赔(?:了|钱|光|进去)|赔本',
    '资金(?:周转|链)|周转不(?:开|过来|灵)|回款|压货|货(?:款|卖不)',
    '(?:客户|老板|甲方|工程款|人家)(?:欠|不给|拖|没结)',
    '投资(?:失败|亏|被套|打水漂)|炒股|套牢|项目(?:黄|失败|烂尾)|倒闭|破产',
  ],
  'reason:illness': [
    '病|住院|医院|手术|化疗|透析|看病|医药费|治疗|癌|瘫|icu|身体不好|吃药|检查出|做了个|ct|骨折|车祸|去世|走了',
  ],
  'reason:income_loss': [
    '失业|没(?:了)?工作|丢了工作|下岗|裁员|被(?:开|辞|炒)|辞退|工资(?:降|没发|拖欠|发不出|减|少)|降薪|欠薪',
    '没活|没(?:有)?收入|没进账|找不到工作|(?:厂|公司|单位)(?:倒闭|关门|裁|停)|疫情|停工|待业|打零工|在家待着|没(?:有)?事做',
  ],
  'reason:multi_debt': [
    `(?:好多|好几|很多|几十|十几|${N}{1,2})(?:家|张|个)(?:卡|平台|网贷|银行|借款|贷款|信用卡)`,
    '(?:网贷|花呗|借呗|白条|微粒贷|美团|分期乐|平台).{0,12}(?:逾期|都|也|欠)',
    '到处(?:借|欠)|欠了?一屁股|(?:都|全)(?:逾期|在催|爆了)|拆东墙|以贷养贷|窟窿',
    '(?:其他|别的|另外)(?:几家)?(?:银行|平台|家).{0,8}(?:催|也|还没)',
  ],
  'reason:awaiting_waiver': [
    '(?:减免|免息|停息挂账|打折|免(?:掉|了)?(?:利息|违约金|罚息|手续费)).{0,14}(?:再|才|就)(?:还|说|谈|处理)',
    '等.{0,10}(?:减免|政策|方案|优惠|停息|免息|打折)',
    '(?:不减免|不免|不给减).{0,8}(?:不还|免谈|没法还|还不了)',
    '只还本金|利息(?:太高|不合理|是高利贷).{0,8}(?:不还|只还)',
  ],
  'reason:no_consequence': [
    '(?:朋友|同事|别人|亲戚|邻居|他们|好多人|身边的人|人家).{0,14}(?:没还|不还|欠).{0,20}(?:没事|啥事没有|也没怎样|好好的|也没被|没人管|照样)',
    '(?:抖音|快手|视频|网上|直播|博主|百度).{0,16}(?:说|讲|教|看到)',
    '(?:银行|你们)(?:根本)?(?:不会|不敢|懒得|不可能)(?:起诉|告|管)',
    '(?:反正|又)(?:不会|不能)(?:坐牢|把我怎么样|抓我|拿我怎样)',
    '能把我怎么样|能拿我怎样|大不了|法不责众',
  ],
  'reason:unwilling': [
    '就是不(?:想)?还|不想还|凭什么(?:还|要我)|没打算还|压根|本来就没想',
    '爱(?:咋|怎么)(?:咋|样|地|着)|随便你们|有本事(?:去)?告|我不还又(?:怎样|咋地)|不还了|赖着|就不给',
  ],

  // ---- intents (debtor) ---------------------------------------------------------------
  'intent:promise_to_pay': [
    '(?:明天|后天|今天|今晚|号|月底|月初|月中|周[一二三四五六日天]|星期|礼拜|下个?月|之前|以前|点).{0,10}(?:还|转|打|存|凑|交|处理|给)',
    '(?:我|先)(?:还|转|打|存)(?:个|上)?0',
    `(?:还|转|打|存)(?:个|上)?(?:0|${N}+)(?:块|元|千|万|百)`,
    '(?:就按|按您说的|行吧|好吧|可以|没问题).{0,8}(?:还|转|打|定)',
    '保证.{0,6}(?:还|转|打)|一定(?:还|给|转)|肯定(?:还|给)',
  ],
  'intent:refuse': [
    '不行|没有就是没有|我不动|没兴趣|拿啥还|拿什么还|免谈|不还|没门|想都别想|不可能给|一分不给|挂了',
    '(?:不|没法|无法|没办法|不可能)(?:还|给|处理|管)',
    '还不(?:了|起|上)|没钱(?:还)?|拿不出|没有钱|一分(?:钱)?(?:都)?(?:不|没)|身无分文',
    '别(?:找|打给|再打)我|不会还|不管了',
  ],
  'intent:complaint_threat': [
    '投诉|举报|12378|银保监|金融监管|监管局|人民银行|曝光|报警|告你|告(?:到|你们)|找媒体|信访|12315|消协|维权|录音(?:了|下来)|(?:起诉|告)你们',
  ],
  'intent:request_plan': [
    `分期|分(?:${N}|个)?(?:期|次|月)还|停息挂账|减免|协商|方案|少还(?:点|一点)|打折|延期|缓(?:一)?缓|宽限|个性化|只还本金|免(?:掉|点)?(?:利息|违约金)`,
    '能不能(?:少|慢|便宜|分|减)|一个月还(?:个)?0|每个月(?:还|给)',
  ],
  'intent:question_identity': [
    `(?:你|你们)(?:是)?(?:哪|什么)(?:个|家)?(?:公司|单位|机构|部门|的)`,
    '(?:你|你们)是(?:谁|干什么的|干嘛的)|工号(?:多少|是多少|报)',
    '(?:怎么|凭什么|拿什么)(?:证明|知道|确定)|(?:是不是|别是|肯定是|像)骗子|诈骗',
    '你有什么(?:证据|资格|证明|凭证)|营业执照|授权书|委托书|委托协议|我(?:凭什么|为什么|怎么)(?:信|相信)',
  ],
  'intent:claims_paid': [
    '(?:已经|早就|早|上周|昨天|前天|上个月|前几天)(?:都)?(?:还|转|打|交|存|还清|结清)(?:了|过|清|完)',
    '还(?:过|清|完)了|转(?:过|了)(?:去|账)|付过了|转账记录|截图|凭证|回单|到账了|已经(?:处理|结清)',
  ],
  'intent:emotional': [
    '吃人不吐骨头|跳河|跳楼|恨死|催命|耍我|吓唬谁|巴不得|要我说几遍|说几遍|没人管|受够了|凭什么|欺人太甚|太过分|缺德|不是人|你们这帮|坑人|心累|睡不着|抑郁|撑不下去',
    '哭|呜|活不下去|想死|不想活|崩溃|受不了|烦死|滚|他妈|tmd|妈的|神经病|有病吧|气死|逼死|绝望|要疯',
    '(?:别|不要)(?:再)?(?:打|逼|烦)|(?:有完没完|烦不烦|还让不让人活)',
  ],
  'intent:stalling': [
    '过(?:几|两|一段|些|阵子|一阵)(?:天|时间|日子)?|过阵子|有钱(?:了)?(?:就|再)还|到时候(?:再)?(?:说|看)|再说吧',
    '看(?:看|情况)吧?|尽量吧|等(?:我)?(?:发工资|手头宽裕|有钱|回款|过年|年后)|慢慢还|以后(?:再)?还|改天|回头再|不一定',
  ],

  // ---- violations (agent) -------------------------------------------------------------
  'violation:language.threat': [
    '(?:好好|当面)(?:谈谈|聊聊|说道说道).{0,8}(?:懂我意思|明白吧|你懂的)',
    '磕磕碰碰|说不准|出点什么事|出点啥事|往后(?:头)?瞅|没轻没重|不敢保证|可别说我没|有比.{0,6}(?:快|管用)的(?:法子|办法)|慢慢耗|别怪(?:我|我们)',
    '(?:上门|登门|找到|堵).{0,10}(?:你|您)(?:家|单位|公司|门口|楼下)',
    '小心(?:点|你|一点|着)|后果自负|让你(?:好看|吃不了兜着走|后悔|知道厉害)|别怪我(?:们)?',
    `(?:知道|查到|清楚)${YOU}?(?:家|住|在哪|单位在|孩子在)`,
    '(?:上门|找人|派人|找到).{0,10}(?:你家|家里|单位|公司).{0,8}(?:坐坐|聊聊|找你|麻烦|闹|堵)',
    '出门(?:注意|小心)|(?:打断|弄死|收拾|整死|废了)|走着瞧|等着瞧|有你好受',
    `${YOU}(?:的)?${FAMILY}.{0,10}(?:小心|安全|出事|平安|麻烦)`,
  ],
  'violation:language.insult': [
    '(?:你|您)配(?:用|拿|办)|衰仔|扑街|啥玩意|什么东西|玩意儿|统一的叫法|编故事|厚脸皮|脸皮(?:真|比)|丢人|窝囊|没用的东西',
    '老赖|骗子|无赖|不要脸|没脸|废物|垃圾|人渣|畜生|傻[逼b]|脑子(?:有病|进水)|穷鬼|丢人现眼|下贱|混蛋|王八|狗东西|白眼狼|没出息|蠢',
  ],
  'violation:language.impersonation': [
    '(?:我是|我们是|这里是|这边是|我这边是|我们这边是|代表|作为|我们属于|隶属|我们(?:是)?(?:跟|和)).{0,8}(?:人民法院|法院|法庭|执行局|法官|书记员|公安|警察|派出所|民警|刑警|经侦|网警|检察院|检察官|政府|街道办|司法局|司法所|人民银行|银保监|金融监管|调解中心|调解委员会|调解办|人民调解|仲裁委|仲裁院|仲裁|律师|律所|律师事务所|法律服务所)',
    '(?:人民法院|法院|法庭|执行局|法官|书记员|公安|警察|派出所|民警|刑警|经侦|网警|检察院|检察官|政府|街道办|司法局|司法所|人民银行|银保监|金融监管|调解中心|调解委员会|调解办|人民调解|仲裁委|仲裁院|仲裁|律师|律所|律师事务所|法律服务所)(?:那边|这边)?(?:的)?(?:同事|工作人员|人|通知|委托我|让我|派我)',
    '执行局|经侦|检察院|教育局|司法部门|办执行|民警|我们?(?:代表|是)(?:法院|公安|政府|检察)',
    '(?:我是|我们是|这里是|这边是|我这边是)(?:.{0,8})(?:法院|公安|警察|派出所|检察院|政府|调解中心|仲裁|律师|执行局|经侦|司法)',
    '(?:法院|公安|检察院|执行局)(?:的)?(?:工作人员|执行员|法官|警官)',
    '(?:法院|公安|律师|调解中心)(?:打来|给你打|通知你)',
  ],
  'violation:language.false_legal_claim': [
    '(?:申请|准备)(?:查封|冻结|执行)|诉讼费.{0,6}(?:交|缴)|(?:交|移|送|递)到(?:了)?法院|案号|诉讼(?:已经|已)(?:启动|开始)|(?:移|转)到.{0,6}执行',
    '(?:已经|已|正式)(?:被)?(?:起诉|立案|判决|判了|冻结|列入|上了|进入执行|移交法院|申请执行)',
    '(?:马上|立刻|明天|今天|即将|很快|下周)(?:就)?(?:要|会)?(?:被)?(?:起诉|冻结|查封|强制执行|列入|上门执行|划扣|判)',
    '(?:列入|上了|进了|拉进)(?:失信|黑名单|限高)',
    `(?:冻结|查封|划扣)${YOU}?(?:的)?(?:银行卡|账户|资产|房子|工资|微信|支付宝)`,
    `限制${YOU}?(?:的)?(?:高消费|出行|坐高铁|坐飞机)`,
    '(?:法院|法务)(?:已经|马上)',
  ],
  'violation:language.criminal_claim': [
    '报案|通缉|逃避追缴|民警|刑事责任|蹲.{0,3}年|(?:标记|认定|定性)(?:成|为)?恶意透支',
    '犯罪|刑事|坐牢|判刑|拘留|逮捕|抓(?:你|人|起来|进去)|蹲(?:监狱|号子)|进去',
    '(?:警察|公安|派出所).{0,8}(?:上门|找你|抓|立案)',
    '恶意透支|诈骗罪|信用卡诈骗',
    `${FAMILY}.{0,8}(?:连带|负责|承担).{0,4}(?:责任|刑事)`,
  ],
  'violation:language.credit_report_claim': [
    '挂在.{0,6}(?:头上|名下)|(?:同步|牵连|连累)到.{0,6}(?:爸妈|父母|家人|孩子|老婆|老公)|养老金|永久(?:注销|拉黑|冻结)|一辈子(?:别想|都别|办不了)|(?:看病|报销|上学|就业).{0,6}(?:受影响|不行)',
    '(?:一辈子|终身|永久|永远|终生).{0,8}(?:征信|记录|黑名单|污点|毁|抬不起头)',
    `${FAMILY}.{0,14}(?:考公|政审|上学|上大学|入学|当兵|参军|公务员|出国|工作|考编).{0,8}(?:影响|不行|受限|完了|没戏|受牵连)`,
    '征信.{0,4}(?:毁了|完了|花了)|(?:全家|家人)(?:都)?(?:上|进)(?:征信|黑名单)|消不掉|洗不白|抹不掉',
  ],
  'violation:language.false_deadline': [
    '倒计时|窗口期|口子|(?:只|就)(?:开|留)到(?:今天|今晚|明天|中午|下午)|(?:今天|今晚)(?:晚上)?.{0,8}(?:到期|截止|作废|恢复原价)|明天(?:一早)?(?:就)?(?:恢复|开会|定|上报|移交)|还来得及|过时不候|机不可失',
    '(?:今天|今晚|明天|下午|上午|中午|晚上|0点|点)(?:之)?前.{0,24}(?:移交|起诉|上报|送|交给|转到|冻结|就|不然|否则|处理不了)',
    '最后(?:一次)?(?:机会|期限|通牒)|过(?:了)?(?:今天|这村)(?:就)?(?:没有|没)',
    '(?:只有|仅限)(?:今天|今晚|这一次)|(?:错过|过期).{0,6}(?:没有|不再|作废)|(?:最后|截止)(?:时间|期限)',
  ],
  'violation:language.public_shaming': [
    '(?:亲戚|邻居|同学|同事|老乡).{0,10}(?:提起|都知道|传开|议论)|公示(?:平台|栏|名单)|函告|(?:学校|单位|工会|公司|村委会|居委会|班级群).{0,8}(?:寄|发|打|贴|说)|单位(?:领导|老板)(?:的)?电话|(?:去|到)(?:你|您)(?:的)?单位',
    '(?:通讯录|联系人|亲戚朋友|同事|领导|单位|公司群|朋友圈|家族群|微信群|小区|村里).{0,16}(?:发|通知|告诉|群发|贴|曝光|都知道)',
    '贴(?:大字报|告示|通知|海报|照片)',
    '(?:发|寄)(?:函|律师函|通知|催收函)(?:到|给)(?:你|您)?(?:的)?(?:单位|公司|老板|家里)',
    '让(?:大家|所有人|你的?同事|邻居|亲戚)(?:都)?知道',
  ],
  'violation:language.improper_payment': [
    '指定(?:的)?账户|私人户口|定金|借网贷|找人借|问(?:朋友|亲戚|同事)借|跟家里要|先借来还|扫(?:我的)?码|收款码',
    '(?:转|打|汇)(?:到|给|进)?(?:我|我的)(?:个人|私人)?(?:卡|账户|微信|支付宝|账号)',
    '(?:个人|私人)(?:账户|卡|微信|支付宝|账号)',
    '手续费|加急费|服务费|保证金|好处费|茶水费',
    '(?:去|找)(?:网贷|借呗|花呗|信用卡|别的平台|小贷).{0,8}(?:借|套|周转)|套现|以卡养卡|借(?:点|些)?(?:钱|网贷)(?:先)?还',
  ],
  'violation:language.surveillance': [
    '(?:知道|晓得|清楚|掌握)(?:你|您)(?:住|在|每天|平时|几点|的)(?:哪|哪儿|什么|去|上|下|行程|作息|车|单位|公司|小区)',
    '(?:你|您)(?:的)?(?:微信|朋友圈|抖音|快手|微博|定位|消费记录|银行流水|社保|公积金)(?:我们)?(?:都)?(?:看|查|知道|掌握|盯)',
    '(?:盯着|跟着|看着)(?:你|您)|(?:你|您)(?:的)?一举一动',
    '(?:你|您)(?:昨天|今天|每天|此刻|现在|上周|刚才)(?:是不是)?(?:去了|在|打车|出门|下班)|工资(?:是)?.{0,6}(?:号)?到账|(?:家里人|亲戚|朋友)的电话.{0,6}(?:有|都有)|我们(?:都)?看到(?:了)?(?:你|您)',
    '(?:通讯录|联系人|定位|位置|行踪|你在哪).{0,8}(?:我们|都)?(?:有|拿到|掌握|知道|查到|看到)',
    `(?:我们|都)(?:有|拿到|掌握|知道)${YOU}?的?(?:通讯录|定位|位置|行踪|信息)`,
    `(?:买|查)(?:到|了)${YOU}?的?(?:信息|资料)|(?:监控|定位|追踪)${YOU}|${YOU}(?:在|去)哪(?:我们)?都知道`,
  ],
  'violation:language.complaint_obstruction': [
    '(?:投诉|反映|告状|举报|监管|报社|媒体|12378|博主).{0,16}(?:没用|白跑|白搭|浪费时间|管不了|省省|升级处理|收紧|更凶|不好谈|没好处|不会(?:登|理|管))|(?:劝|奉劝)(?:你|您)别(?:去)?(?:投诉|反映|告)',
    '投诉(?:也|都)?(?:没用|没有用|不管用|白搭|无效|没人理)',
    '随便(?:你)?投诉|(?:投诉|举报)(?:了)?(?:对你|更|只会)(?:不利|麻烦)',
    `${YOU}投诉(?:啊|吧|去)|告(?:也)?没用|(?:投诉|举报).{0,8}(?:后果|吃亏|小心)`,
  ],
  'violation:language.dispute_dismissal': [
    '别啰嗦|认不认都|一律不(?:受理|处理)|不用(?:申请|提交)?(?:什么)?(?:调查|核实|核查)|核实什么|反正.{0,8}(?:你还|得还|要还|是你)|签了字就',
    '(?:不管|甭管|别管)(?:是不是|你是不是|是谁|谁刷|怎么).{0,12}(?:还|负责|得)',
    '(?:别|少)(?:跟我)?(?:扯|找借口|废话|装)',
    '(?:就是|肯定是)你(?:刷|借|用|花)的',
    '(?:有什么|没什么)(?:好)?(?:核实|核查|查的)',
    '(?:冒用|盗刷|不是我).{0,10}(?:不可能|不关我|跟我们没关系|也得还)',
  ],
  'violation:third_party.disclosure': [
    '(?:欠|拖欠|逾期|没还|未还|欠款|透支|账单|催收|还款)',
    '(?:信用卡|贷款|借款|网贷)',
  ],
  'violation:third_party.demand_payment': [
    '有义务(?:协助)?.{0,4}还|(?:从|在)(?:他|她)(?:的)?工资里.{0,4}扣|(?:让|叫)(?:你|您)?(?:哥|姐|弟|妹|爸|妈|老丈人|对象|媳妇|老公|家里|家人).{0,10}(?:出|还|打|拿)|(?:家里人|家属)(?:必须|得|要)(?:出|还)',
    `${YOU}(?:是${HE}|作为|替${HE}|帮${HE}|得|要|必须|应该)(?:的)?.{0,6}(?:还|付|垫|负责|承担)`,
    `替(?:${HE}|${HE}们)(?:还|付|垫)|(?:父母|家属|家人|${FAMILY})(?:有|要)(?:义务|责任)|父债子还|夫债妻还`,
    `(?:你们家|你家里|${FAMILY})(?:必须|得|要|就该)(?:还|出钱|承担)`,
  ],

  // ---- persona signals (debtor turns, aggregated over the call) -----------------------
  'persona:guilty': [
    '对不起|不好意思|抱歉|愧疚|过意不去|我的错|我知道(?:是我|我不对)|辜负|连累|给您添麻烦|惭愧',
    '我一定(?:会)?(?:还|想办法)|哭|刚出来|(?:家人|家里|爸妈|父母|孩子|老婆|老公).{0,10}(?:担心|难过|愧|着急|操心)',
  ],
  'persona:lucky': [
    '(?:朋友|同事|别人|亲戚|邻居|人家).{0,18}(?:没事|没还|不还|几十万|好好的|照样)',
    '抖音|快手|视频|网上|博主|直播|百度|公众号',
    '(?:银行|你们)(?:根本)?(?:不会|不敢|懒得)(?:告|起诉)|法不责众|那么多人',
  ],
  'persona:vain': [
    '名牌|奢侈品|lv|包包|苹果|iphone|限量|牌子|面子|网红|打赏|大项目|小钱|看不上|几百万|一句话的事|豪车|保时捷|宝马|奔驰|旅游|酒吧|会所',
    '换(?:了)?(?:号|手机号|电话)|丢人|丢脸|凭什么告诉我|没面子',
    '(?:下(?:个)?月|马上|过两天)(?:就)?(?:有|到)(?:一大笔|好几|几十|一笔)',
    '我(?:认识|朋友是|哥们)|不差这点',
  ],
  'persona:dominant': [
    '工号|你是谁|哪个公司|营业执照|授权|资质|委托书|你叫什么',
    '(?:我懂|我学过|我是学|我也懂)法|(?:违法|犯法|非法)(?:催收)?|暴力催收',
    '(?:我认识|我朋友|我亲戚|我是).{0,8}(?:律师|法院|公安|领导|局长|记者)',
    '投诉|举报|录音|曝光|你(?:敢|再)|告(?:你|你们)|我(?:要|会)?起诉你们',
  ],
  'persona:timid': [
    '(?:老公|老婆|爱人|我妈|我爸|家里|婆婆|丈夫|媳妇|对象).{0,12}(?:管钱|做主|不让|不知道|说了算|决定|问问|商量|同意)',
    '我(?:做不了|不能)(?:主|决定)|(?:不敢|怕).{0,8}(?:说|让他知道|告诉|被骂)',
    '好好好|行行行|都听您的|嗯嗯嗯|是是是|我问问(?:家里|我老公|我老婆|我爸|我妈)',
  ],
  'persona:jaded': [
    `(?:好多|好几|十几|几十|很多|${N}{1,2})(?:家|张|个)(?:卡|平台|网贷|银行|催收|公司)`,
    '(?:每天|天天)(?:都)?(?:有人|好多|十几个)(?:打|催)|(?:债多不压身|虱子多了不痒|死猪不怕开水烫)',
    '(?:都)?(?:逾期|欠)(?:好几|几|两|三)(?:年|个月)|(?:告吧|起诉吧|让他们告|爱告告)',
    '(?:你们这套|这套话)(?:我)?(?:见多了|都懂|听多了)|(?:别|少)(?:跟我)?来这套|见得多了',
  ],

  // ---- identity elements (collector opening) ------------------------------------------
  // An organisation is named by a suffix (…信息, …资产, …事务所) or by structure: "我是X的小Y / X的专员".
  'identity:company': [
    '公司|资产|集团|事务所|律所|催收中心|服务中心|客服中心|信用卡中心|科技|法务部|催收部|信服|咨询|外包',
    '(?:我是|这里是|这边是|我们是)[\\u4e00-\\u9fa5a-z]{2,12}的(?:专员|客服|调解员|坐席|工作人员|催收员|业务员|小[\\u4e00-\\u9fa5]|老[\\u4e00-\\u9fa5]|[\\u4e00-\\u9fa5]{2,3}工号)',
    '委托的[\\u4e00-\\u9fa5]{2,8}的(?:小|老|专员|客服)',
    '[\\u4e00-\\u9fa5]{2,4}(?:信息|服务|资产|金服|汇信|诚信|信和)的',
  ],
  'identity:name_or_id': [
    '我(?:是|叫|姓)[\\u4e00-\\u9fa5]{1,3}|工号|编号|坐席号|员工号',
    '的(?:小|老)[\\u4e00-\\u9fa5](?:工号|$|[^\\u4e00-\\u9fa5]|跟|给|联系|找)',
    '(?:专员|客服|调解员|业务员)[\\u4e00-\\u9fa5]{2,3}',
  ],
  'identity:client': [
    '(?:受|代表|帮|替|委托).{0,14}(?:银行|农商行|信用社|信用卡中心|消费金融|消金)',
    '(?:银行|农商行|信用社|信用卡中心|消费金融|消金)(?:的)?(?:委托|授权)',
    '银行|农商行|信用社|消费金融|消金|信用卡中心',
  ],

  // ---- context: what makes charged words lawful (features for the violation model) ----
  'ctx:negation': [
    '不会|不是|没有|并不|并没有|不能|不要|绝不|从来不|不存在|不属于|不涉及|别担心|别怕|不用怕|不用担心|没关系|不犯法|不违法',
  ],
  'ctx:conditional': [
    '如果|假如|要是|万一|一旦|可能|有可能|或许|会不会|假设|若|的话|依法|按照法律|法律规定|程序',
  ],
  'ctx:quote': ['(?:您|你|有人|别人|他们|网上)说|所谓|您刚才说|您的意思是'],
  'ctx:official_channel': ['官方|客服热线|95|银行app|对公账户|还款账户|官方渠道|本人名下'],
};

export interface CueHit {
  cue: string;
  label: CueLabel;
  /** span in the normalised text */
  start: number;
  end: number;
}

interface CompiledCue {
  id: string;
  label: CueLabel;
  re: RegExp;
}

function isCueLabel(s: string): s is CueLabel {
  return /^(?:strategy|reason|intent|violation|persona|identity|ctx):/.test(s);
}

const COMPILED: CompiledCue[] = Object.entries(TABLE).flatMap(([label, patterns]) =>
  isCueLabel(label) ? patterns.map((p, i) => ({ id: `${label}#${i}`, label, re: new RegExp(p, 'g') })) : [],
);

export const CUE_IDS: readonly string[] = COMPILED.map((c) => c.id);

// ---- prefilter: a cue whose pattern cannot start with any character of the turn cannot match ----

/** The code units a non-empty match can start with (null: any), and whether the pattern can match empty. */
interface First {
  chars: Set<number> | null;
  nullable: boolean;
  /** the code units a non-empty match can end with (null or absent: any, as far as the analysis knows) */
  last?: Set<number> | null;
  /**
   * a group matched exactly once: its alternatives, each spelled out as a sequence of atoms (nested
   * groups expanded in turn), while there are at most MAX_EXPANSIONS of them
   */
  alts?: First[][];
}

/**
 * What a match of one top-level branch must contain: a character of each set, and for each pair of
 * sets two adjacent characters, the first from one set and the second from the other.
 */
interface BranchNeeds {
  sets: Set<number>[];
  pairs: [Set<number>, Set<number>][];
}

/**
 * First-character analysis of a cue pattern, conservative by construction: anything it does not
 * understand (classes it would have to enumerate widely, negated classes, escapes like \d,
 * lookarounds, back-references) yields "any character", so the prefilter never drops a match.
 */
export function firstChars(source: string): Set<number> | null {
  return analysePattern(source).first;
}

/**
 * firstChars, and the character sets every non-empty match must also contain: when the pattern is
 * one sequence (no top-level |), each atom that cannot match empty contributes a character of its
 * own first set to every match. Conservative in the same way: what is not understood adds nothing.
 */
export function requiredChars(source: string): Set<number>[] | null {
  const { first, required } = analysePattern(source);
  if (first === null && required.length === 0) return null;
  return first === null ? required : [first, ...required];
}

/** Pairs of adjacent sets are used only while their product stays small (each pair is a lookup key). */
const MAX_PAIR_KEYS = 256;
/** Groups are spelled out into the branches of a pattern while it has at most this many. */
const MAX_EXPANSIONS = 32;

function analysePattern(source: string): {
  first: Set<number> | null;
  required: Set<number>[];
  /** per top-level branch, what its matches need (null: some branch needs nothing the analysis knows) */
  branches: BranchNeeds[] | null;
} {
  let i = 0;
  let depth = 0;
  const topAtoms: First[] = [];
  let topBranches = 0;
  const branchAtoms: First[][] = [];
  const union = (a: Set<number> | null, b: Set<number> | null): Set<number> | null => {
    if (a === null || b === null) return null;
    for (const c of b) a.add(c);
    return a;
  };
  const readEscape = (): number | null => {
    // at the character after the backslash
    const ch = source[i]!;
    if (ch === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 1, i + 5))) {
      const code = Number.parseInt(source.slice(i + 1, i + 5), 16);
      i += 5;
      return code;
    }
    i++;
    return /[0-9A-Za-z]/.test(ch) ? null : ch.charCodeAt(0);
  };
  const classSet = (): Set<number> | null => {
    // at the character after '['
    if (source[i] === '^') return null;
    const out = new Set<number>();
    let any = false;
    while (i < source.length && source[i] !== ']') {
      let lo: number | null;
      if (source[i] === '\\') {
        i++;
        lo = readEscape();
      } else lo = source.charCodeAt(i++);
      if (source[i] === '-' && source[i + 1] !== ']' && i + 1 < source.length) {
        i++;
        let hi: number | null;
        if (source[i] === '\\') {
          i++;
          hi = readEscape();
        } else hi = source.charCodeAt(i++);
        if (lo === null || hi === null || hi - lo > 256) any = true;
        else for (let c = lo; c <= hi; c++) out.add(c);
      } else if (lo === null) any = true;
      else out.add(lo);
    }
    if (source[i] !== ']') throw new Error('unterminated class');
    i++;
    return any ? null : out;
  };
  const atom = (): First => {
    const ch = source[i]!;
    if (ch === '(') {
      i++;
      if (source[i] === '?') {
        if (source[i + 1] !== ':') throw new Error('lookaround or named group');
        i += 2;
      }
      depth++;
      const inner = alternation();
      depth--;
      if (source[i] !== ')') throw new Error('unbalanced group');
      i++;
      return inner;
    }
    if (ch === '[') {
      i++;
      const set = classSet();
      return { chars: set, nullable: false, last: set };
    }
    if (ch === '.') {
      i++;
      return { chars: null, nullable: false };
    }
    if (ch === '^' || ch === '$') {
      i++;
      return { chars: new Set(), nullable: true };
    }
    if (ch === '\\') {
      i++;
      const code = readEscape();
      if (code === null) return { chars: null, nullable: true };
      const set = new Set([code]);
      return { chars: set, nullable: false, last: set };
    }
    i++;
    const set = new Set([ch.charCodeAt(0)]);
    return { chars: set, nullable: false, last: set };
  };
  const quantified = (): First => {
    const a = atom();
    const q = source[i];
    let min = 1;
    if (q === '?' || q === '*') {
      min = 0;
      i++;
    } else if (q === '+') i++;
    else if (q === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i));
      if (!m) return a;
      min = Number(m[1]);
      i += m[0].length;
    } else return a;
    if (source[i] === '?') i++;
    // a repeated character or class still ends with one of its characters
    return { chars: a.chars, nullable: a.nullable || min === 0, last: a.last ?? null };
  };
  const sequence = (): First => {
    let chars: Set<number> | null = new Set();
    let nullable = true;
    let last: Set<number> | null = new Set();
    let expansions: First[][] = [[]];
    if (depth === 0) {
      topBranches++;
      branchAtoms.push([]);
    }
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      const a = quantified();
      if (depth === 0) {
        const copy = {
          chars: a.chars === null ? null : new Set(a.chars),
          nullable: a.nullable,
          last: a.last,
        };
        topAtoms.push(copy);
        branchAtoms[branchAtoms.length - 1]!.push(copy);
      }
      if (nullable) chars = union(chars, a.chars);
      nullable = nullable && a.nullable;
      // the last character: this atom's, or, when it can match empty, also what came before it
      const own = a.last ? new Set(a.last) : null;
      last = a.nullable ? union(last, own) : own;
      // a group spelled out while the count allows, else one atom
      const options =
        a.alts && expansions.length * a.alts.length <= MAX_EXPANSIONS
          ? a.alts
          : [[{ chars: a.chars, nullable: a.nullable, last: a.last }]];
      expansions = expansions.flatMap((head) => options.map((tail) => [...head, ...tail]));
    }
    return { chars, nullable, last, alts: expansions };
  };
  const alternation = (): First => {
    let { chars, nullable, last, alts } = sequence();
    while (source[i] === '|') {
      i++;
      const b = sequence();
      chars = union(chars, b.chars);
      nullable = nullable || b.nullable;
      last = union(last ?? null, b.last ?? null);
      alts =
        alts && b.alts && alts.length + b.alts.length <= MAX_EXPANSIONS ? [...alts, ...b.alts] : undefined;
    }
    return alts ? { chars, nullable, last, alts } : { chars, nullable, last };
  };
  try {
    const r = alternation();
    if (i !== source.length) return { first: null, required: [], branches: null };
    const required: Set<number>[] = [];
    if (topBranches === 1)
      for (const a of topAtoms)
        if (!a.nullable && a.chars !== null && a.chars.size > 0) required.push(a.chars);
    return { first: r.chars, required, branches: branchNeeds(r.alts ?? branchAtoms) };
  } catch {
    return { first: null, required: [], branches: null };
  }
}

/**
 * Each branch's needs from its atoms in order: a non-empty atom's first set, and for two atoms that
 * follow each other, both non-empty, the pair (first atom's last set, second atom's first set): the
 * two characters stand side by side in every match. Null when some branch needs nothing.
 */
function branchNeeds(branches: First[][]): BranchNeeds[] | null {
  const out: BranchNeeds[] = [];
  for (const atoms of branches) {
    const needs: BranchNeeds = { sets: [], pairs: [] };
    atoms.forEach((a, k) => {
      if (a.nullable || a.chars === null || a.chars.size === 0) return;
      const prev = atoms[k - 1];
      if (
        prev &&
        !prev.nullable &&
        prev.last &&
        prev.last.size > 0 &&
        prev.last.size * a.chars.size <= MAX_PAIR_KEYS
      )
        needs.pairs.push([prev.last, a.chars]);
      // a set the pair before it already demands adds nothing
      else needs.sets.push(a.chars);
    });
    if (needs.sets.length === 0 && needs.pairs.length === 0) return null;
    out.push(needs);
  }
  return out.length ? out : null;
}

/**
 * The prefilter. Each cue needs one character of each of its required sets (requiredChars) in the
 * turn, and, when its branches are understood (branchNeeds), every need of at least one branch:
 * "不会|不是|没有" runs only on a turn with 不会, 不是 or 没有 in it, not on every turn with a 不 or 没.
 * A cue with nothing it can rely on runs always. Needs are numbered and shared between cues: a
 * character set is met by any of its characters in the turn (BY_CHAR), a pair by two adjacent
 * characters (BY_PAIR). Each branch is filed under one need, a pair when it has one (two adjacent
 * characters are rare in a turn): only when that need is met are the branch's other needs looked at,
 * so a turn costs the needs it meets, not a look at every branch of every cue.
 */
/** code unit → 1 + its index in CHAR_NEEDS (0: in no need) */
const CHAR_INDEX = new Uint16Array(0x10000);
/** per indexed character, the character-set needs it meets */
const CHAR_NEEDS: number[][] = [];
/** pairKey of two indexed characters → the pair needs they meet side by side */
const BY_PAIR = new Map<number, number[]>();
/** per need, the branches (numbered over all cues) filed under it */
const NEED_BRANCHES: number[][] = [];
/** per branch, its cue and its needs */
const BRANCH_CUE: number[] = [];
const BRANCH_NEEDS: number[][] = [];
/** cue k runs only when a branch of it is met */
const HAS_BRANCHES = new Uint8Array(COMPILED.length);
/** cue k has no required set */
const ALWAYS = new Uint8Array(COMPILED.length);
/** cue k's required sets are CUE_NEEDS[SET_BASE[k]] … (the first-character set first, if any) */
const SET_BASE = new Int32Array(COMPILED.length);
const SET_COUNT = new Int32Array(COMPILED.length);
const HAS_FIRST = new Uint8Array(COMPILED.length);
const CUE_NEEDS: number[] = [];
/** a small-integer key for two indexed characters (1-based indices below 2^15) */
const pairKey = (a: number, b: number) => a * 0x8000 + b;
const charIndex = (code: number): number => {
  if (CHAR_INDEX[code] === 0) {
    if (CHAR_NEEDS.length >= 0x7fff) throw new Error('cues: too many distinct characters');
    CHAR_INDEX[code] = CHAR_NEEDS.push([]);
  }
  return CHAR_INDEX[code]!;
};
/** Needs are shared: the same set or pair in many cues (你|您 is in dozens) is checked once a turn. */
const NEED_IDS = new Map<string, number>();
const sorted = (set: Set<number>) => [...set].sort((x, y) => x - y).join(',');
const newNeed = (key: string): number | null => {
  if (NEED_IDS.has(key)) return null;
  const id = NEED_BRANCHES.push([]) - 1;
  NEED_IDS.set(key, id);
  return id;
};
const charNeed = (set: Set<number>): number => {
  const key = sorted(set);
  const id = newNeed(key);
  if (id === null) return NEED_IDS.get(key)!;
  for (const c of set) CHAR_NEEDS[charIndex(c) - 1]!.push(id);
  return id;
};
const pairNeed = ([a, b]: [Set<number>, Set<number>]): number => {
  const key = `${sorted(a)}+${sorted(b)}`;
  const id = newNeed(key);
  if (id === null) return NEED_IDS.get(key)!;
  for (const x of a)
    for (const y of b) {
      const k = pairKey(charIndex(x), charIndex(y));
      const list = BY_PAIR.get(k);
      if (list) list.push(id);
      else BY_PAIR.set(k, [id]);
    }
  return id;
};
COMPILED.forEach((cue, k) => {
  const { first, required, branches } = analysePattern(cue.re.source);
  for (const b of branches ?? []) {
    // filed under its narrowest pair (the first need), else its narrowest set
    const pairs = [...b.pairs].sort((x, y) => x[0].size * x[1].size - y[0].size * y[1].size);
    const sets = [...b.sets].sort((x, y) => x.size - y.size);
    const ids = [...new Set([...pairs.map(pairNeed), ...sets.map(charNeed)])];
    const branch = BRANCH_CUE.push(k) - 1;
    BRANCH_NEEDS.push(ids);
    NEED_BRANCHES[ids[0]!]!.push(branch);
    HAS_BRANCHES[k] = 1;
  }
  // a met branch already holds a character of each required set: only the first set stays, for
  // where a search starts
  const rest = branches ? [] : required;
  const sets = first === null ? rest : [first, ...rest];
  ALWAYS[k] = sets.length === 0 ? 1 : 0;
  // the first-character set comes first when there is one: a search can start there
  HAS_FIRST[k] = first === null ? 0 : 1;
  SET_BASE[k] = CUE_NEEDS.length;
  SET_COUNT[k] = sets.length;
  for (const set of sets) CUE_NEEDS.push(charNeed(set));
});
/** per need, the turn that last met it, and where in the turn a character of it first stands */
const NEED_SEEN = new Int32Array(NEED_BRANCHES.length);
const NEED_FIRST_AT = new Int32Array(NEED_BRANCHES.length);
/** per need, whether branches are filed under it */
const FILES_BRANCHES = Uint8Array.from(NEED_BRANCHES, (b) => (b.length > 0 ? 1 : 0));
/** the cues without branches to check, in order: they run on their required sets alone */
const UNFILTERED = COMPILED.flatMap((_, k) => (HAS_BRANCHES[k] === 1 ? [] : [k]));
/**
 * BY_PAIR as an open-addressing table on typed arrays (a turn looks up each adjacent pair):
 * slot → pair key (0: empty), slot → its needs in PAIR_NEEDS.
 */
const PAIR_BITS = Math.max(4, Math.ceil(Math.log2(BY_PAIR.size * 2)));
const PAIR_KEY = new Int32Array(1 << PAIR_BITS);
const PAIR_LIST = new Int32Array(1 << PAIR_BITS);
const PAIR_NEEDS: number[][] = [];
const pairSlot = (key: number) => Math.imul(key, 0x9e3779b1) >>> (32 - PAIR_BITS);
for (const [key, needs] of BY_PAIR) {
  let slot = pairSlot(key);
  while (PAIR_KEY[slot] !== 0) slot = (slot + 1) & (PAIR_KEY.length - 1);
  PAIR_KEY[slot] = key;
  PAIR_LIST[slot] = PAIR_NEEDS.push(needs) - 1;
}

/** The needs two adjacent indexed characters meet, or null. */
function pairNeeds(key: number): number[] | null {
  for (let slot = pairSlot(key); ; slot = (slot + 1) & (PAIR_KEY.length - 1)) {
    const k = PAIR_KEY[slot]!;
    if (k === key) return PAIR_NEEDS[PAIR_LIST[slot]!]!;
    if (k === 0) return null;
  }
}
/** per cue, the turn in which a branch of it was met */
const CUE_MET = new Int32Array(COMPILED.length);
/** the cues with a branch met in the current turn */
let metCues: number[] = [];
/** the needs met in the current turn that have branches filed under them */
let filed: number[] = [];
let turnSeq = 0;

function meet(needs: readonly number[], at: number, seq: number): void {
  for (let j = 0; j < needs.length; j++) {
    const id = needs[j]!;
    if (NEED_SEEN[id] === seq) continue;
    NEED_SEEN[id] = seq;
    NEED_FIRST_AT[id] = at;
    if (FILES_BRANCHES[id] === 1) filed.push(id);
  }
}

/** Marks the cues with a branch whose needs the turn all meets. */
function markMetBranches(seq: number): void {
  for (const id of filed)
    for (const b of NEED_BRANCHES[id]!) {
      const cue = BRANCH_CUE[b]!;
      if (CUE_MET[cue] === seq) continue;
      const needs = BRANCH_NEEDS[b]!;
      let j = 1;
      while (j < needs.length && NEED_SEEN[needs[j]!] === seq) j++;
      if (j === needs.length) {
        CUE_MET[cue] = seq;
        metCues.push(cue);
      }
    }
  filed = [];
}

/** All cue hits in the compact text, with spans mapped back to the normalised text. */
export function findCues(c: Compact): CueHit[] {
  const hits: CueHit[] = [];
  const s = c.chars;
  if (turnSeq === 0x7fffffff) {
    NEED_SEEN.fill(0);
    CUE_MET.fill(0);
    turnSeq = 0;
  }
  const seq = ++turnSeq;
  let prev = 0;
  for (let i = 0; i < s.length; i++) {
    const at = CHAR_INDEX[s.charCodeAt(i)]!;
    if (at !== 0) {
      meet(CHAR_NEEDS[at - 1]!, i, seq);
      if (prev !== 0) {
        const pairs = pairNeeds(pairKey(prev, at));
        if (pairs) meet(pairs, i - 1, seq);
      }
    }
    prev = at;
  }
  markMetBranches(seq);
  // the cues to run, in cue order (hits come in that order): those with a branch met, and those
  // without branches to check
  const run = metCues.length === 0 ? UNFILTERED : [...metCues, ...UNFILTERED].sort((a, b) => a - b);
  metCues = [];
  for (const k of run) {
    if (ALWAYS[k] === 0) {
      const base = SET_BASE[k]!;
      const end = base + SET_COUNT[k]!;
      let j = base;
      while (j < end && NEED_SEEN[CUE_NEEDS[j]!] === seq) j++;
      if (j < end) continue;
    }
    const cue = COMPILED[k]!;
    // No match starts before the first character it can start with: search from there.
    cue.re.lastIndex = HAS_FIRST[k] === 1 ? NEED_FIRST_AT[CUE_NEEDS[SET_BASE[k]!]!]! : 0;
    let m: RegExpExecArray | null = cue.re.exec(s);
    while (m) {
      const len = m[0].length;
      if (len > 0) {
        hits.push({
          cue: cue.id,
          label: cue.label,
          start: c.pos[m.index] ?? 0,
          end: c.endPos[m.index + len - 1] ?? 0,
        });
      }
      cue.re.lastIndex = m.index + Math.max(1, len);
      m = cue.re.exec(s);
    }
  }
  return hits;
}
