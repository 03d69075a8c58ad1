import type ru from '../ru/attachments.ts'
import type { Message } from '../types.ts'

export default {
  'attachments.title': 'Attachments',
  'attachments.intro':
    'Files for the lesson: handouts, templates, samples. Attachments are not part of lesson versions: learners see them as soon as they are uploaded, without publishing the lesson again.',
  'attachments.none': 'No attachments yet.',
  'attachments.listLabel': 'Lesson files',
  'attachments.delete': 'Delete',
  'attachments.deleteLabel': 'Delete the file “{name}”',
  'attachments.uploadTitle': 'Add a file',
  'attachments.field.file': 'File',
  'attachments.field.fileHint': 'Allowed: {formats}. Up to {max}.',
  'attachments.upload': 'Upload',
  'attachments.learnerTitle': 'Lesson materials',
  'attachments.type.other': 'file',

  'attachments.size.b': '{size}\u00a0B',
  'attachments.size.kb': '{size}\u00a0KB',
  'attachments.size.mb': '{size}\u00a0MB',
  'attachments.size.gb': '{size}\u00a0GB',

  'attachments.error.tooLarge': 'The file is too large: the limit is {max}.',
  'attachments.error.type':
    'This kind of file cannot be uploaded. Allowed: {formats}, and the extension in the name must match what the file contains.',
  'attachments.error.empty': 'The file is empty.',
  'attachments.error.name': 'The file name could not be read. Rename the file and upload it again.',
  'attachments.error.missing': 'Choose a file.',
  'attachments.error.malformed': 'The form could not be read. Please try again.',
  'attachments.error.tooMany': {
    one: 'A lesson may have at most {count} file. Delete the ones you no longer need.',
    other: 'A lesson may have at most {count} files. Delete the ones you no longer need.',
  },
  'attachments.error.gone': 'The lesson no longer has this file.',
  'attachments.flash.uploaded': 'File uploaded. Learners already see it on the lesson page.',
  'attachments.flash.deleted': 'File deleted.',

  'audit.lesson.attachment-add': 'file attached to a lesson',
  'audit.lesson.attachment-delete': 'file removed from a lesson',
  'auditField.file': 'File',
} satisfies Record<keyof typeof ru, Message>
