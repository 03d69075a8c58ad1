export default {
  'outbox.intro':
    'Письма, которые система отправила бы по почте. Эта страница есть только в режиме разработки и демо; без SMTP_URL письма остаются здесь.',
  'outbox.to': 'Кому',
  'audit.organisation.create': 'создана организация',
  'audit.organisation.update': 'изменена организация',
  'audit.membership.create': 'добавлен участник организации',
  'audit.membership.role': 'изменена роль участника',
  'audit.membership.delete': 'участник удалён из организации',
  'audit.programme.create': 'создана программа',
  'audit.programme.update': 'изменена программа',
  'audit.invitation.accept': 'принято приглашение',
} as const
