import { SelectField, TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import type { FieldErrors } from '#app/utils/forms.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

// The lists of db/schema/curricula.ts, repeated because client code does not import db/.
export const TOPICS = ['organisation', 'consulting', 'fundraising', 'social-services', 'volunteering', 'communications', 'finance', 'law'] as const
export const STAGE_LIST = ['initiative', 'registering', 'first-services', 'operating', 'independent', 'mentoring'] as const

export type CourseFieldDefaults = {
  title: string
  titleEn: string
  summary: string
  summaryEn: string
  topic: string
  stage: string
  completion: string
  isPublic: boolean
}

/** The fields a course has on both the new-course form and the course editor. */
export function CourseFields({
  defaults,
  values,
  errors,
  full,
}: {
  defaults: CourseFieldDefaults
  values?: Record<string, string | string[]>
  errors?: FieldErrors
  /** The editor also shows the English title and summary. */
  full?: boolean
}) {
  const { t } = useI18n()
  // After a failed submit an unticked box is absent from the values: the values decide, not the default.
  const isPublic = values ? valueOf(values, 'isPublic') === 'on' : defaults.isPublic
  return (
    <>
      <TextField
        label={t('authoring.field.title')}
        name="title"
        maxLength={200}
        defaultValue={valueOf(values, 'title', defaults.title)}
        errors={errors?.title}
      />
      {full ? (
        <TextField
          label={t('authoring.field.titleEn')}
          name="titleEn"
          optional
          lang="en"
          maxLength={200}
          defaultValue={valueOf(values, 'titleEn', defaults.titleEn)}
          errors={errors?.titleEn}
        />
      ) : null}
      <TextareaField
        label={t('authoring.field.summary')}
        hint={t('authoring.field.summaryHint')}
        name="summary"
        optional
        rows={3}
        maxLength={1000}
        defaultValue={valueOf(values, 'summary', defaults.summary)}
        errors={errors?.summary}
      />
      {full ? (
        <TextareaField
          label={t('authoring.field.summaryEn')}
          name="summaryEn"
          optional
          lang="en"
          rows={3}
          maxLength={1000}
          defaultValue={valueOf(values, 'summaryEn', defaults.summaryEn)}
          errors={errors?.summaryEn}
        />
      ) : null}
      <div className="form-grid">
        <SelectField
          label={t('authoring.field.topic')}
          name="topic"
          placeholder={t('authoring.field.choose')}
          defaultValue={valueOf(values, 'topic', defaults.topic)}
          options={TOPICS.map((topic) => ({ value: topic, label: t(`authoring.topic.${topic}`) }))}
          errors={errors?.topic}
        />
        <SelectField
          label={t('authoring.field.stage')}
          hint={t('authoring.field.stageHint')}
          name="stage"
          placeholder={t('authoring.field.choose')}
          defaultValue={valueOf(values, 'stage', defaults.stage)}
          options={STAGE_LIST.map((stage) => ({ value: stage, label: t(`authoring.stage.${stage}`) }))}
          errors={errors?.stage}
        />
      </div>
      <SelectField
        label={t('authoring.field.completion')}
        name="completion"
        defaultValue={valueOf(values, 'completion', defaults.completion)}
        options={[
          { value: 'all_lessons', label: t('authoring.completion.all_lessons') },
          { value: 'required_and_quizzes', label: t('authoring.completion.required_and_quizzes') },
        ]}
        errors={errors?.completion}
      />
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" name="isPublic" defaultChecked={isPublic} aria-describedby="course-public-hint" />
          <span>{t('authoring.field.isPublic')}</span>
        </label>
        <p className="field-hint" id="course-public-hint">
          {t('authoring.field.isPublicHint')}
        </p>
      </div>
    </>
  )
}
