import type ru from '../ru/dashboard.ts'
import type { Message } from '../types.ts'

export default {
  'landing.title': 'Resursnik',
  'landing.lead':
    'A learning and mentoring system for young resource centres that support socially oriented NGOs in the regions.',
  'landing.point1': 'Mentors plan field sessions, seminars and consultations and see how each centre grows.',
  'landing.point2': 'Centre staff take courses and use guides and document templates.',
  'landing.point3': 'Programme managers see grant outcomes and prepare reports for the funder.',
  'landing.openCourses': 'Open courses',
  'landing.openPractices': 'Catalogue of practices',
  'dashboard.greeting': 'Hello, {name}!',
  'dashboard.adminTitle': 'Administration',
  'dashboard.statCentres': 'resource centres',
  'dashboard.statMentors': 'mentor organisations',
  'dashboard.statProgrammes': 'programmes',
  'dashboard.statPeople': 'users',
  'dashboard.newOrganisation': 'Add an organisation',
  'dashboard.newProgramme': 'Create a programme',
  'dashboard.recentChanges': 'Recent changes',
  'dashboard.managedTitle': 'My programmes',
  'dashboard.mentoredTitle': 'Centres I mentor',
  'dashboard.noMentored': 'No centre is assigned to your organisation in a programme yet.',
  'dashboard.ownTitle': 'My centre',
  'dashboard.inProgramme': 'Takes part in:',
  'dashboard.noProgramme': 'The centre does not take part in any programme yet.',
  'dashboard.nothing': 'You are not a member of any organisation yet. Ask a centre leader or an administrator to invite you.',
  'dashboard.people': { one: '{count} person', other: '{count} people' },
  'dashboard.centres': { one: '{count} participating centre', other: '{count} participating centres' },
} satisfies Record<keyof typeof ru, Message>
