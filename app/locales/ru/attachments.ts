// Uploaded files: lesson attachments in the editor and on the lesson page, upload errors, sizes.
export default {
  'attachments.title': 'Вложения',
  'attachments.intro':
    'Файлы к уроку: раздаточные материалы, шаблоны, образцы. Вложения не входят в версии урока: слушатели видят их сразу после загрузки, публиковать урок заново не нужно.',
  'attachments.none': 'Вложений пока нет.',
  'attachments.listLabel': 'Файлы урока',
  'attachments.delete': 'Удалить',
  'attachments.deleteLabel': 'Удалить файл «{name}»',
  'attachments.uploadTitle': 'Добавить файл',
  'attachments.field.file': 'Файл',
  'attachments.field.fileHint': 'Подходят {formats}. Размер — до {max}.',
  'attachments.upload': 'Загрузить',
  'attachments.learnerTitle': 'Материалы к уроку',
  'attachments.type.other': 'файл',

  'attachments.size.b': '{size}\u00a0Б',
  'attachments.size.kb': '{size}\u00a0КБ',
  'attachments.size.mb': '{size}\u00a0МБ',
  'attachments.size.gb': '{size}\u00a0ГБ',

  'attachments.error.tooLarge': 'Файл слишком большой: можно загрузить до {max}.',
  'attachments.error.type':
    'Такой файл загрузить нельзя. Подходят {formats}, и расширение в имени должно соответствовать содержимому файла.',
  'attachments.error.empty': 'Файл пустой.',
  'attachments.error.name': 'Не удалось разобрать имя файла. Переименуйте файл и загрузите снова.',
  'attachments.error.missing': 'Выберите файл.',
  'attachments.error.malformed': 'Не удалось прочитать отправленную форму. Попробуйте ещё раз.',
  'attachments.error.tooMany': {
    one: 'К уроку можно прикрепить не больше {count} файла. Удалите ненужные.',
    few: 'К уроку можно прикрепить не больше {count} файлов. Удалите ненужные.',
    many: 'К уроку можно прикрепить не больше {count} файлов. Удалите ненужные.',
    other: 'К уроку можно прикрепить не больше {count} файла. Удалите ненужные.',
  },
  'attachments.error.gone': 'Этого файла у урока уже нет.',
  'attachments.flash.uploaded': 'Файл загружен. Слушатели уже видят его на странице урока.',
  'attachments.flash.deleted': 'Файл удалён.',

  'audit.lesson.attachment-add': 'к уроку прикреплён файл',
  'audit.lesson.attachment-delete': 'из урока удалён файл',
  'auditField.file': 'Файл',
} as const
