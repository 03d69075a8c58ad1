import { SelectField, TextareaField, TextField, valueOf } from '#app/components/ui/field.tsx'
import type { FieldErrors } from '#app/utils/forms.ts'
import { useI18n } from '#app/utils/use-i18n.ts'

export type ResourceDetailsDefaults = {
  title: string
  titleEn: string
  summary: string
  kind: string
  topic: string
  stage: string
  audience: string
  tags: string
}

/** The choices the details form offers, from the server's lists (client code does not import db/). */
export type ResourceChoices = { kinds: readonly string[]; topics: readonly string[]; stages: readonly string[]; audiences: readonly string[] }

/** A resource's details, on the new-resource form and in the editor. */
export function ToolkitDetailsFields({
  defaults,
  choices,
  values,
  errors,
}: {
  defaults: ResourceDetailsDefaults
  choices: ResourceChoices
  values?: Record<string, string | string[]>
  errors?: FieldErrors
}) {
  const { t } = useI18n()
  return (
    <>
      <TextField
        label={t('toolkits.field.title')}
        name="title"
        maxLength={200}
        defaultValue={valueOf(values, 'title', defaults.title)}
        errors={errors?.title}
      />
      <TextField
        label={t('toolkits.field.titleEn')}
        name="titleEn"
        optional
        lang="en"
        maxLength={200}
        defaultValue={valueOf(values, 'titleEn', defaults.titleEn)}
        errors={errors?.titleEn}
      />
      <TextareaField
        label={t('toolkits.field.summary')}
        hint={t('toolkits.field.summaryHint')}
        name="summary"
        rows={3}
        maxLength={1000}
        defaultValue={valueOf(values, 'summary', defaults.summary)}
        errors={errors?.summary}
      />
      <div className="form-grid">
        <SelectField
          label={t('toolkits.kindLabel')}
          hint={t('toolkits.field.kindHint')}
          name="kind"
          placeholder={t('authoring.field.choose')}
          defaultValue={valueOf(values, 'kind', defaults.kind)}
          options={choices.kinds.map((k) => ({ value: k, label: t(`toolkits.kind.${k}`) }))}
          errors={errors?.kind}
        />
        <SelectField
          label={t('toolkits.audienceLabel')}
          name="audience"
          placeholder={t('authoring.field.choose')}
          defaultValue={valueOf(values, 'audience', defaults.audience)}
          options={choices.audiences.map((a) => ({ value: a, label: t(`toolkits.audience.${a}`) }))}
          errors={errors?.audience}
        />
        <SelectField
          label={t('toolkits.topicLabel')}
          name="topic"
          placeholder={t('authoring.field.choose')}
          defaultValue={valueOf(values, 'topic', defaults.topic)}
          options={choices.topics.map((topic) => ({ value: topic, label: t(`courses.topic.${topic}`) }))}
          errors={errors?.topic}
        />
        <SelectField
          label={t('toolkits.stageLabel')}
          hint={t('toolkits.field.stageHint')}
          name="stage"
          placeholder={t('authoring.field.choose')}
          defaultValue={valueOf(values, 'stage', defaults.stage)}
          options={choices.stages.map((stage) => ({ value: stage, label: t(`courses.stage.${stage}`) }))}
          errors={errors?.stage}
        />
      </div>
      <TextField
        label={t('toolkits.field.tags')}
        hint={t('toolkits.field.tagsHint')}
        name="tags"
        optional
        maxLength={1000}
        defaultValue={valueOf(values, 'tags', defaults.tags)}
        errors={errors?.tags}
      />
    </>
  )
}
