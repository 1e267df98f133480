import type { SheetAspect } from '@dz/contracts';
import { InputNumber, Radio } from 'antd';
import { JUDGEMENT_POINTS } from '../../lib/judging';

/**
 * What a judge enters on one aspect, sized for a finger on a tablet: a judgement aspect is four
 * big buttons (0–3 points), a measurement or deduction a numeric field with the numeric keypad.
 */
export function MarkInput({
  aspect,
  value,
  onChange,
  disabled,
  testId,
}: {
  aspect: Pick<SheetAspect, 'kind' | 'key' | 'title'>;
  value: number | null;
  onChange: (value: number | null) => void;
  disabled?: boolean;
  testId: string;
}) {
  if (aspect.kind === 'judgement') {
    return (
      <Radio.Group
        className="dz-judgement-buttons"
        optionType="button"
        buttonStyle="solid"
        size="large"
        disabled={disabled}
        value={value}
        onChange={(e) => onChange(e.target.value as number)}
        data-testid={testId}
        aria-label={`${aspect.title}评分`}
        options={JUDGEMENT_POINTS.map((p) => ({ label: String(p), value: p }))}
      />
    );
  }
  return (
    <InputNumber
      className="dz-mark-number"
      size="large"
      min={0}
      step={0.5}
      inputMode="decimal"
      placeholder={aspect.kind === 'deduction' ? '扣分' : '得分'}
      disabled={disabled}
      value={value}
      onChange={(v) => onChange(typeof v === 'number' ? v : null)}
      data-testid={testId}
      aria-label={`${aspect.title}评分`}
    />
  );
}
