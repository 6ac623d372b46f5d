/** The help text shown for `/diligence help` and for an empty mention. */
import type { SlackMessage } from './render-blocks.js';

export function helpMessage(command: string): SlackMessage {
  const text = [
    '*Vendor due-diligence assistant*',
    'I answer questions about cloud and AI vendor risk from a corpus of laws, regulations, guidance and news, and cite every claim with numbered sources.',
    '',
    `• \`${command} <question>\`: a private answer, with a button to share it in the channel`,
    '• Mention me in a channel, or send me a direct message: I answer in the thread',
    '• Reply in that thread with a follow-up ("and for Tencent?", "what does that law require?"): I read the thread for context',
    '• 👍 / 👎 under an answer tell us whether it helped',
    '',
    `Example: \`${command} Is Alibaba Cloud a security risk to Western companies?\``,
  ].join('\n');
  return {
    text: 'How to use the vendor due-diligence assistant',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}
