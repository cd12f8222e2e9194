import type { NewMemory } from '../../src/server/store/types.ts';
import { random } from '../lib/random.ts';

/**
 * A deterministic corpus of mixed Chinese and English memories. Words follow a Zipf law over a
 * vocabulary of real words (the head) and generated ones (the long tail), so the common query
 * words match tens of thousands of memories and the rare ones a handful, as in real text.
 */

const ENGLISH = `the of and to in is that for it as with was on be by this are from at or an have not
which but all were when we there can more one their if has been would will about so what up out
them some could other into than then its only also time two may first any new these like our over
such after most made did many before must through back years where much your way well down should
because each just those people how too little state good very make world still own see men work long
get here between both life being under never day same another know while last might great old year
off come since against go came right used take three memory system design project meeting report
budget customer invoice contract schedule travel flight hotel doctor health family garden kitchen
recipe music movie book library school teacher student exam homework server database network backup
password account email phone address birthday holiday weekend morning evening coffee dinner lunch
market price stock payment salary office manager team release feature bug test deploy upload folder
document photo camera picture video paper note letter message question answer idea plan goal`.split(/\s+/);

const CHINESE = `我们 的 是 在 了 一个 这个 没有 什么 可以 他们 自己 时候 知道 现在 工作 问题 已经 因为 所以
如果 但是 还是 就是 这样 那么 非常 今天 明天 昨天 记忆 系统 设计 项目 会议 报告 预算 客户 发票 合同
日程 旅行 航班 酒店 医生 健康 家庭 花园 厨房 菜谱 音乐 电影 图书 学校 老师 学生 考试 作业 服务器
数据库 网络 备份 密码 账户 邮件 电话 地址 生日 假期 周末 早上 晚上 咖啡 晚饭 午饭 市场 价格 股票
付款 工资 办公室 经理 团队 发布 功能 测试 部署 上传 文件夹 文档 照片 相机 视频 论文 笔记 信件 消息
回答 想法 计划 目标 公园 散步 天气 朋友 孩子 父母 城市 北京 上海 火车 地铁 公司 产品 用户 数据 分析
模型 训练 学习 研究 技术 人工智能 搜索 同步 安全 隐私 记录 重要 需要 准备 讨论 决定 完成 开始 结束`.split(/\s+/);

/** Rare Chinese words: two characters out of 6,000 (about the characters in everyday use). */
const HAN_CHARACTERS = 6_000;
const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'van', 'dor', 'eth', 'qui', 'zan', 'bel', 'rho', 'sun', 'tal', 'pex', 'wyn', 'gor'];
const RARE_WORDS = 20_000;

function rareEnglish(index: number): string {
  let word = '';
  for (let n = index + SYLLABLES.length; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  return word;
}

function rareChinese(index: number): string {
  const character = (n: number): string => String.fromCodePoint(0x4e00 + ((n * 7_919) % HAN_CHARACTERS));
  return `${character(index)}${character(index * 31 + 17)}`;
}

/** Draws ranks 0..size-1 with probability proportional to 1/(rank+1). */
function zipf(size: number, rand: () => number): () => number {
  const cdf = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank++) cdf[rank] = total += 1 / (rank + 1);
  return () => {
    const target = rand() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cdf[mid] as number) < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

export interface Vocabulary {
  english: string[];
  chinese: string[];
}

export const VOCABULARY: Vocabulary = {
  english: [...ENGLISH, ...Array.from({ length: RARE_WORDS }, (_, index) => rareEnglish(index))],
  chinese: [...CHINESE, ...Array.from({ length: RARE_WORDS }, (_, index) => rareChinese(index))],
};

export interface CorpusOptions {
  memories: number;
  users: number;
  conversationsPerUser: number;
  seed: number;
}

/** Yields the corpus in batches, so the benchmark never holds all of it at once. */
export function* corpus(options: CorpusOptions, batchSize: number): Generator<NewMemory[]> {
  const rand = random(options.seed);
  const englishWord = zipf(VOCABULARY.english.length, rand);
  const chineseWord = zipf(VOCABULARY.chinese.length, rand);
  const start = Date.UTC(2025, 0, 1);
  let batch: NewMemory[] = [];
  for (let index = 0; index < options.memories; index++) {
    const chinese = rand() < 0.5;
    const targetLength = 100 + Math.floor(rand() * 700);
    let text = '';
    while (text.length < targetLength) {
      const sentenceWords = 4 + Math.floor(rand() * 10);
      const words = Array.from({ length: sentenceWords }, () => (chinese ? VOCABULARY.chinese[chineseWord()] : VOCABULARY.english[englishWord()]));
      text += chinese ? `${words.join('')}。` : `${words.join(' ')}. `;
    }
    const user = Math.floor(rand() * options.users);
    const created = start + index * 60_000;
    batch.push({
      user_id: `user-${user}`,
      conversation_id: `conv-${user}-${Math.floor(rand() * options.conversationsPerUser)}`,
      memory_key: text.slice(0, 40),
      memory_value: text.slice(0, targetLength),
      memory_type: 'LongTermMemory',
      tags: ['mode:fine', rand() < 0.2 ? 'work' : 'personal'],
      info: { source_file: `file-${index % 5000}.txt`, page: String(1 + (index % 30)) },
      task_id: `task-${Math.floor(index / 10)}`,
      create_time: created,
      update_time: created,
    });
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Queries of 1-3 words, half Chinese: a third from the 50 commonest words, the rest from anywhere (mostly rarer). */
export function queries(count: number, seed: number): string[] {
  const rand = random(seed);
  return Array.from({ length: count }, () => {
    const chinese = rand() < 0.5;
    const words = chinese ? VOCABULARY.chinese : VOCABULARY.english;
    const common = rand() < 1 / 3;
    const picked = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => words[Math.floor(rand() * (common ? 50 : words.length))] as string);
    return picked.join(chinese ? '' : ' ');
  });
}
