/**
 * A small corpus written into a temporary folder for index and retrieval tests, so tests can change and remove
 * files freely: a PRC law (with a Chinese article), an EU regulation, a news item and a vendor profile, plus the
 * vendor aliases file.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testConfig, type Config } from '../../src/config.js';

export const fixtureFiles: Record<string, string> = {
  'vendor-aliases.yaml': `alibaba-cloud:
  name: Alibaba Cloud
  aliases: [Aliyun, 阿里云, Alibaba Group]
kaspersky:
  name: Kaspersky
  aliases: [Kaspersky Lab, 卡巴斯基]
`,
  'prc/pipl-2021.md': `---
id: pipl-2021
title: Personal Information Protection Law of the People's Republic of China
short_title: PIPL
publisher: National People's Congress Standing Committee
url: https://flk.npc.gov.cn/
jurisdiction: PRC
type: law
published: 2021-08-20
as_of: 2025-12-01
vendors: []
language: en
status: in_force
---

## Chapter III {#ch-3}

### Article 38 {#art-38}

Article 38 lists the mechanisms a personal information handler may rely on to provide personal information to a
recipient outside the territory of the People's Republic of China: passing a security assessment organised by the
Cyberspace Administration, obtaining a personal information protection certification from a specialised body, or
concluding a standard contract formulated by the Cyberspace Administration with the foreign recipient.

### Article 40 {#art-40}

Article 40 requires critical information infrastructure operators and handlers that process personal information
reaching the volume thresholds set by the Cyberspace Administration to store that personal information inside the
territory. Where it truly must be provided abroad, the handler has to pass a security assessment first.

## 第四十一条 {#art-41-zh}

中华人民共和国主管机关根据有关法律和中华人民共和国缔结或者参加的国际条约、协定，或者按照平等互惠原则，处理外国司法或者执法机构关于提供存储于境内个人信息的请求。非经中华人民共和国主管机关批准，个人信息处理者不得向外国司法或者执法机构提供存储于中华人民共和国境内的个人信息。
`,
  'eu/gdpr-2016.md': `---
id: gdpr-2016
title: General Data Protection Regulation
short_title: GDPR
publisher: European Parliament and Council
url: https://eur-lex.europa.eu/eli/reg/2016/679/oj
jurisdiction: EU
type: regulation
published: 2016-04-27
as_of: 2025-12-01
vendors: []
language: en
status: in_force
---

## Article 28 Processor {#art-28}

Where processing is to be carried out on behalf of a controller, the controller shall use only processors providing
sufficient guarantees to implement appropriate technical and organisational measures. The processor shall not engage
another processor without prior specific or general written authorisation of the controller, and processing by a
processor is governed by a contract that sets out the subject matter, duration, nature and purpose of the processing.

## Article 44 General principle for transfers {#art-44}

Any transfer of personal data to a third country or an international organisation shall take place only if the
conditions of Chapter V are complied with by the controller and processor, so that the level of protection of natural
persons guaranteed by the Regulation is not undermined.
`,
  'news/kaspersky-ban-2024.md': `---
id: news-2024-06-kaspersky-ban
title: United States bans sales of Kaspersky antivirus software
publisher: Reuters
url: https://www.reuters.com/technology/
jurisdiction: US
type: news
published: 2024-06-20
as_of: 2025-12-01
vendors: [kaspersky]
language: en
status: reported
---

## Event {#event}

On 20 June 2024 the Commerce Department's Bureau of Industry and Security announced a final determination prohibiting
Kaspersky Lab from selling its antivirus software to American businesses and consumers, citing the company's ties to
the Russian government and the risk that its privileged access to computers could be used to steal sensitive data.
`,
  'vendors/alibaba-cloud.md': `---
id: vendor-alibaba-cloud
title: Alibaba Cloud vendor profile
publisher: Vendor diligence desk
url: https://www.alibabacloud.com/
jurisdiction: PRC
type: vendor
published: 2025-03-01
as_of: 2025-12-01
vendors: [alibaba-cloud]
language: en
status: reported
---

## Overview {#overview}

Alibaba Cloud is the cloud computing arm of Alibaba Group, headquartered in Hangzhou. It operates data centre regions
in mainland China and abroad, including Frankfurt, London and Virginia, and offers compute, storage, databases and the
Qwen family of large language models to enterprise customers.

## Data location {#data-location}

Customers choose the region where their content is stored. Data stored in mainland China regions is subject to PRC
law, including the Data Security Law and the National Intelligence Law, under which authorities may request access.
`,
};

/** A guidance document of the EU, in force, about no vendor: the front matter and then `body`. */
export function guidanceDocument(fields: { id: string; title: string; publisher: string; url: string }, body: string) {
  return `---
id: ${fields.id}
title: ${fields.title}
publisher: ${fields.publisher}
url: ${fields.url}
jurisdiction: EU
type: guidance
published: 2024-01-01
as_of: 2025-12-01
vendors: []
language: en
status: in_force
---

${body}`;
}

export interface FixtureCorpus {
  root: string;
  corpusDir: string;
  config: Config;
  write(relativePath: string, content: string): Promise<void>;
  remove(relativePath: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function createFixtureCorpus(settings: Record<string, string> = {}): Promise<FixtureCorpus> {
  const root = await mkdtemp(path.join(tmpdir(), 'corpus-index-'));
  const corpusDir = path.join(root, 'corpus');
  const write = async (relativePath: string, content: string) => {
    const file = path.join(corpusDir, relativePath);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  };
  for (const [relativePath, content] of Object.entries(fixtureFiles)) await write(relativePath, content);
  return {
    root,
    corpusDir,
    config: testConfig({ DATA_DIR: path.join(root, 'data'), CORPUS_DIR: corpusDir, ...settings }),
    write,
    remove: (relativePath) => rm(path.join(corpusDir, relativePath)),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
