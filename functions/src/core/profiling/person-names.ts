/**
 * Person-name shapes: Chinese names (a common surname + one or two given characters, compound surnames,
 * minority names joined by a middle dot) and Latin "First Last" names. A shape alone is weak evidence
 * ("王府井" fits too), so the column profiler asks for header evidence or an overwhelming share.
 */

/** The surnames carried by the great majority of Chinese people (the 百家姓 list's common part). */
const SINGLE_SURNAMES = new Set(
  (
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤' +
    '常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由'
  )
    .split('')
    .map((surname) => surname.charCodeAt(0)),
);
const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '轩辕',
  '钟离',
  '独孤',
  '南宫',
  '西门',
  '呼延',
  '澹台',
  '公冶',
  '申屠',
  '太史',
  '万俟',
  '闻人',
  '赫连',
];

const HAN = /^[\u4e00-\u9fff]+$/;

/**
 * 张三, 欧阳娜娜, 阿卜杜拉·买买提 (minority names with a middle dot need the caller's header evidence).
 * Reads character codes, no regex or slice for the common case: it runs on every value of a name column.
 */
export function isChineseName(value: string): boolean {
  const length = value.length;
  if (length < 2 || length > 4) return false;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) return false;
  }
  if (length <= 3 && SINGLE_SURNAMES.has(value.charCodeAt(0))) return true;
  return length >= 3 && COMPOUND_SURNAMES.includes(value.slice(0, 2));
}

/** Two to four Han parts joined by a middle dot: transliterated minority and foreign names. */
export function isDottedName(value: string): boolean {
  return /^[\u4e00-\u9fff]{1,8}(?:[·•．.][\u4e00-\u9fff]{1,8}){1,3}$/.test(value);
}

/** A capitalised name part: Jane, McDonald, O'Neil, Mary-Jane. */
const PART = "[A-Z][A-Za-zà-ÿ'’-]*[a-zà-ÿ]";
const LATIN_NAME = new RegExp(`^${PART}(?:\\s+(?:[A-Z]\\.?|${PART})){1,3}$`);
const LATIN_PART = new RegExp(`^${PART}$`);
const LATIN_NAME_INVERTED = new RegExp(`^${PART},\\s*${PART}$`);

/** "Jane Doe", "Mary-Jane O'Neil", "Jane R. Doe", "Doe, Jane", "Li WEI". */
export function isLatinName(value: string): boolean {
  if (value.length < 5 || value.length > 60) return false;
  return LATIN_NAME.test(value) || LATIN_NAME_INVERTED.test(value) || /^[A-Z][a-z]+\s+[A-Z]{2,}$/.test(value);
}

/** One part of a name, for first-name / last-name / 姓 / 名 columns: "Jane", "O'Neil", "伟", "欧阳". */
export function isNamePart(value: string): boolean {
  return LATIN_PART.test(value) || /^[\u4e00-\u9fff]{1,2}$/.test(value);
}

/** Masks all but the surname: 张三 → 张*, 欧阳娜娜 → 欧阳**, Jane Doe → J*** D**. */
export function maskName(value: string): string {
  if (HAN.test(value)) {
    const keep = value.length >= 3 && COMPOUND_SURNAMES.includes(value.slice(0, 2)) ? 2 : 1;
    return value.slice(0, keep) + '*'.repeat(Math.max(1, value.length - keep));
  }
  return value.replace(/\p{L}[\p{L}'’-]*/gu, (word) => word[0] + '*'.repeat(Math.max(1, word.length - 1)));
}
