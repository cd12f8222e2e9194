/** Character encodings of plain-text files, as named by TextDecoder (Node ships full ICU). */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5' | 'windows-1252';

/** The 300-odd most frequent Chinese characters in both simplified and traditional forms, plus CJK punctuation. */
const COMMON =
  '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持音' +
  '這來國個說們為時過家學對裡後麼沒於還發當開見經頭從動兩長樣現將與實點種聲話兒問機給幾業間電門東聽氣關內軍產萬體處總場師書員華報馬張難數車應親務邊風戰許覺統請愛讓認論義術結條院變聯權該領傳紅決達辦區轉眾輕語滿寫識極黃臉錢黨議紀憶統讓慧記錄檔會預費劃' +
  '，。、：；！？「」『』（）《》“”‘’…—';

const commonSet = new Set(COMMON);

/** Share of the non-ASCII characters that are common Chinese; replacement characters and rare ones score nothing. */
function commonShare(text: string): number {
  let nonAscii = 0;
  let common = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue;
    nonAscii++;
    if (commonSet.has(char)) common++;
  }
  return nonAscii === 0 ? 0 : common / nonAscii;
}

function decodesCleanly(encoding: string, sample: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(sample, { stream: true });
  } catch {
    return undefined;
  }
}

/** The encoding a byte-order mark declares, with the mark's length. */
export function bomEncoding(head: Uint8Array): { encoding: TextEncoding; bomLength: number } | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return undefined;
}

/** Below this share of common characters, a "Chinese" reading is judged to be noise. */
const CHINESE_FLOOR = 0.1;

/**
 * Chooses an encoding for bytes that are not UTF-8: GB18030 or Big5, whichever decodes the sample
 * without errors and yields more common characters (GB18030 wins ties, being a superset of GBK
 * and the more frequent in practice). When neither reads as Chinese, the bytes are taken as
 * Windows-1252, the usual legacy encoding of Western text.
 */
export function guessLegacyEncoding(sample: Uint8Array): 'gb18030' | 'big5' | 'windows-1252' {
  const gb = decodesCleanly('gb18030', sample);
  const big5 = decodesCleanly('big5', sample);
  const gbShare = gb === undefined ? -1 : commonShare(gb);
  const big5Share = big5 === undefined ? -1 : commonShare(big5);
  if (Math.max(gbShare, big5Share) < CHINESE_FLOOR) return 'windows-1252';
  return big5Share > gbShare ? 'big5' : 'gb18030';
}
