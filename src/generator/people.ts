import { idCheckCharacter } from '../domain/id-number';
import type { Rng } from './random';

/** Synthetic people: names, valid and unique ID numbers, mobile numbers. */

// Common surnames, most frequent first; the weight falls off the way the census tables do.
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向汤',
  '欧阳',
  '司马',
  '诸葛',
];
const SURNAME_WEIGHTS: readonly (readonly [string, number])[] = SURNAMES.map((s, i) => [s, 1 / (i + 8)]);

const GIVEN_MALE = [
  ...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国志文博晨昊然轩泽睿晓海亮',
];
const GIVEN_FEMALE = [
  ...'芳娜敏静丽艳娟霞秀玲燕红洁琳萍婷雪慧颖倩琪欣怡佳悦梦瑶雅晶露月莉兰凤云彤诗涵蕾茜薇',
];
const GIVEN_ANY = [...'子思嘉雨晓小春秋天一安心家永新佳文'];

export function personName(rng: Rng, sex: 'male' | 'female', surname?: string): string {
  const family = surname ?? rng.weighted(SURNAME_WEIGHTS);
  const pool = sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  if (rng.chance(0.25)) return family + rng.pick(pool);
  return family + (rng.chance(0.3) ? rng.pick(GIVEN_ANY) : rng.pick(pool)) + rng.pick(pool);
}

export function surnameOf(name: string): string {
  for (const compound of ['欧阳', '司马', '诸葛']) if (name.startsWith(compound)) return compound;
  return name.slice(0, 1);
}

// County-level codes (GB/T 2260) from many provinces: the card's first six digits.
const REGION_CODES = [
  '110105',
  '110108',
  '120101',
  '130102',
  '140105',
  '150102',
  '210102',
  '220102',
  '230103',
  '310104',
  '310115',
  '320102',
  '320506',
  '330106',
  '330206',
  '340104',
  '350203',
  '360102',
  '370202',
  '370102',
  '410105',
  '420111',
  '430104',
  '440106',
  '440304',
  '440604',
  '450103',
  '460105',
  '500103',
  '500112',
  '510107',
  '510104',
  '520102',
  '530102',
  '540102',
  '610113',
  '620102',
  '630104',
  '640104',
  '650102',
  '410303',
  '420106',
  '430602',
  '441302',
  '441900',
  '510703',
  '360722',
  '350582',
];

const BIRTH_FROM = Date.UTC(1962, 0, 1);
const BIRTH_DAYS = Math.floor((Date.UTC(2003, 11, 31) - BIRTH_FROM) / 86_400_000) + 1;
const SEQUENCES = 999;
const SPACE = BigInt(REGION_CODES.length * BIRTH_DAYS * SEQUENCES);

function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return x;
}

/**
 * Case i gets ID number x(i) = (i·A + B) mod |space| decoded into region, birth day and sequence:
 * an affine bijection, so no two cases of one seed share a number (up to ~7×10⁸ cases), while the
 * seed decides which numbers appear.
 */
export class IdNumberSpace {
  private readonly a: bigint;
  private readonly b: bigint;

  constructor(seedHash: number) {
    let a = (BigInt(seedHash) % SPACE) | 1n;
    while (gcd(a, SPACE) !== 1n) a += 2n;
    this.a = a;
    this.b = BigInt(Math.floor(seedHash / 7)) % SPACE;
  }

  get capacity(): number {
    return Number(SPACE);
  }

  numberFor(index: number): { idNumber: string; birthDate: string; sex: 'male' | 'female' } {
    const x = Number((BigInt(index) * this.a + this.b) % SPACE);
    const region = REGION_CODES[x % REGION_CODES.length]!;
    const rest = Math.floor(x / REGION_CODES.length);
    const day = rest % BIRTH_DAYS;
    const seq = Math.floor(rest / BIRTH_DAYS) + 1;
    const birth = new Date(BIRTH_FROM + day * 86_400_000).toISOString().slice(0, 10);
    const first17 = region + birth.replaceAll('-', '') + String(seq).padStart(3, '0');
    return {
      idNumber: first17 + idCheckCharacter(first17),
      birthDate: birth,
      sex: seq % 2 === 1 ? 'male' : 'female',
    };
  }
}

// Mobile number segments in use (China Mobile, Unicom, Telecom, Broadnet).
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '170',
  '173',
  '175',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '184',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '192',
  '193',
  '195',
  '196',
  '198',
  '199',
];

export function mobileNumber(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8);
}

const AREA_CODES = ['010', '021', '022', '023', '020', '0755', '0571', '028', '027', '025', '0512', '0731'];

export function fixedLineNumber(rng: Rng): string {
  const area = rng.pick(AREA_CODES);
  return `${area}-${rng.int(2, 8)}${rng.digits(area.length === 3 ? 7 : 6)}`;
}
