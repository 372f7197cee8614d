/**
 * A few calls that go wrong, for the demo's QA screens: the generated calls are lawful (the generator
 * is tested for it), so without these QA would have nothing to review. Written for the demo: a
 * threat with an insult, a disclosure to a relative, an invented deadline with a false legal claim,
 * a call where the collector never says who they are. The analyser finds the violations; nothing here
 * labels them.
 */
export const DEMO_VIOLATION_CALLS: readonly string[] = [
  `坐席：喂，是{name}吗？
客户：是我，又是你们。我说过了现在没钱。
坐席：你这种老赖我见多了，今天不还钱，明天我们就派人去你单位找你领导，让你同事都知道。
客户：你这是威胁我，我要投诉你。
坐席：投诉有什么用，你投诉到哪儿都没用。`,
  `坐席：喂，请问是{name}的家属吗？
三方：我是他家里人，你哪位？
坐席：你家里这位欠了{bank}信用卡好几万一直不还，你让他赶紧还钱，不然后果自负。
三方：我不清楚这个事，你别再打了。`,
  `坐席：您好，我是华信合众信息咨询有限公司的催收专员，工号2217，受{bank}委托联系您。
客户：我这个月真的困难，能不能缓一缓。
坐席：法院已经立案了，今天下午四点前不还，材料就正式移交法院，下周冻结你名下所有账户。
客户：那我月底先还两千行不行。`,
  `坐席：{name}是吧，你的卡逾期很久了，什么时候还？
客户：你是谁啊？哪个公司的？
坐席：你别管我是谁，反正你欠钱就得还。
客户：你不说清楚是谁我不会跟你谈。`,
];
