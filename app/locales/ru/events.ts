export default {
  'ical.joinOnline': 'Подключиться',
  'ical.cancelledPrefix': 'ОТМЕНЕНО:',
} as const
