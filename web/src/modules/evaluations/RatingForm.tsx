import { useState } from 'react';
import { Button, Flex, Input, Typography } from 'antd';
import { LEVELS } from './evaluations.api';
import { LIMITS } from '../../../../src/shared/limits';

const GOOD_TAGS = ['办事效率高', '态度热情', '一次告知', '指引清楚', '少跑腿'];
const BAD_TAGS = ['等候时间长', '态度不好', '材料反复要', '指引不清', '多次跑动'];

export interface RatingValue {
  level: number;
  indicators: Record<string, number>;
  comment: string;
  tags: string[];
}

/**
 * Five faces, indicator chips, quick tags and a comment. `big` is the window tablet: every target is at
 * least 64 px high so a citizen can tap it standing at the counter.
 */
export function RatingForm({ indicators, big = false, submitting, onSubmit }: { indicators: Record<string, string>; big?: boolean; submitting?: boolean; onSubmit(v: RatingValue): void }) {
  const [level, setLevel] = useState<number | null>(null);
  const [scores, setScores] = useState<Record<string, number>>({});
  const [tags, setTags] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const face = big ? 56 : 34;
  const tagList = level !== null && level <= 2 ? BAD_TAGS : GOOD_TAGS;

  const pick = (l: number) => {
    setLevel(l);
    // Indicators start at the overall level; the citizen only touches the ones that differ.
    setScores(Object.fromEntries(Object.keys(indicators).map((k) => [k, l])));
    setTags([]);
  };

  return (
    <Flex vertical gap={big ? 28 : 18}>
      <Flex gap={big ? 16 : 8} wrap justify="center" role="radiogroup" aria-label="满意度">
        {LEVELS.map((l) => (
          <button
            key={l.level}
            type="button"
            role="radio"
            aria-checked={level === l.level}
            aria-label={l.label}
            data-testid={`level-${l.level}`}
            onClick={() => pick(l.level)}
            style={{
              width: big ? 150 : 96,
              minHeight: big ? 150 : 96,
              borderRadius: 16,
              border: `3px solid ${level === l.level ? l.color : '#d9dee7'}`,
              background: level === l.level ? `${l.color}18` : '#fff',
              cursor: 'pointer',
              display: 'flex',
              flexDirection: 'column',
              alignItems: 'center',
              justifyContent: 'center',
              gap: 6,
              padding: 8,
            }}
          >
            <span style={{ fontSize: face, lineHeight: 1 }} aria-hidden>
              {l.face}
            </span>
            <span style={{ color: '#f5a623', fontSize: big ? 18 : 12, letterSpacing: 1 }} aria-hidden>
              {'★'.repeat(l.level)}
              <span style={{ color: '#d9dee7' }}>{'★'.repeat(5 - l.level)}</span>
            </span>
            <span style={{ fontSize: big ? 22 : 14, fontWeight: 600, color: level === l.level ? l.color : '#333' }}>{l.label}</span>
          </button>
        ))}
      </Flex>

      {level !== null && (
        <>
          <Flex vertical gap={big ? 14 : 8}>
            {Object.entries(indicators).map(([key, label]) => (
              <Flex key={key} align="center" gap={big ? 14 : 8} wrap>
                <Typography.Text style={{ width: big ? 180 : 120, fontSize: big ? 20 : 14 }}>{label}</Typography.Text>
                {[5, 4, 3, 2, 1].map((s) => (
                  <button
                    key={s}
                    type="button"
                    aria-label={`${label} ${s} 星`}
                    aria-pressed={scores[key] === s}
                    onClick={() => setScores({ ...scores, [key]: s })}
                    style={{
                      minWidth: big ? 84 : 52,
                      height: big ? 64 : 36,
                      borderRadius: 32,
                      fontSize: big ? 20 : 13,
                      border: `2px solid ${scores[key] === s ? '#1f5fbf' : '#d9dee7'}`,
                      background: scores[key] === s ? '#1f5fbf' : '#fff',
                      color: scores[key] === s ? '#fff' : '#333',
                      cursor: 'pointer',
                    }}
                  >
                    {s} 星
                  </button>
                ))}
              </Flex>
            ))}
          </Flex>
          <Flex gap={big ? 12 : 8} wrap>
            {tagList.map((tg) => {
              const on = tags.includes(tg);
              return (
                <button
                  key={tg}
                  type="button"
                  aria-pressed={on}
                  onClick={() => setTags(on ? tags.filter((x) => x !== tg) : [...tags, tg])}
                  style={{
                    height: big ? 64 : 34,
                    padding: big ? '0 26px' : '0 14px',
                    borderRadius: 32,
                    fontSize: big ? 20 : 13,
                    border: `2px solid ${on ? '#1f5fbf' : '#d9dee7'}`,
                    background: on ? '#e8f0fc' : '#fff',
                    color: on ? '#1f5fbf' : '#333',
                    cursor: 'pointer',
                  }}
                >
                  {tg}
                </button>
              );
            })}
          </Flex>
          <Input.TextArea
            aria-label="评价内容"
            placeholder={level <= 2 ? '请告诉我们哪里做得不好（选填），我们会核实整改' : '说说您的感受（选填）'}
            value={comment}
            maxLength={LIMITS.comment}
            showCount
            onChange={(e) => setComment(e.target.value)}
            autoSize={{ minRows: big ? 3 : 2, maxRows: 6 }}
            style={{ fontSize: big ? 20 : 14 }}
          />
          <Button
            type="primary"
            size="large"
            loading={submitting}
            onClick={() => onSubmit({ level, indicators: scores, comment: comment.trim(), tags })}
            style={big ? { height: 80, fontSize: 28, borderRadius: 16 } : undefined}
          >
            提交评价
          </Button>
        </>
      )}
    </Flex>
  );
}
