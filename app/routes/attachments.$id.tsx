// Downloads of uploaded files (a resource route: no page). Whoever may read the lesson's course may
// download its files; the file always arrives as an attachment, never rendered as a page of the site.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getLessonAttachmentForDownload } from '#app/models/attachments.server.ts'
import { idFrom } from '#app/models/course-authoring.server.ts'
import { canAuthorCourse, courseAccess } from '#app/models/course.server.ts'
import { getUser, requireUser } from '#app/utils/auth.server.ts'
import { notFound } from '#app/utils/http.server.ts'
import { serveUpload } from '#app/utils/uploads.server.ts'

export async function loader(args: LoaderFunctionArgs) {
  const id = idFrom(args.params.id)
  const user = await getUser(args)
  const file = await getLessonAttachmentForDownload(id)
  if (!file) notFound()
  // The lesson page's rule (requireReadableCourse): drafts only for their authors, members-only courses
  // after signing in, public ones for everybody.
  const access = courseAccess(user, file.course)
  if (access === 'not-found') notFound()
  if (access === 'sign-in') await requireUser(args) // throws the redirect to /login?redirectTo=…
  // A lesson not yet published is invisible to learners, and so are its files.
  if (!file.lessonPublished && !canAuthorCourse(user, file.course)) notFound()
  return serveUpload(file.storageKey, file.originalName, file.contentType)
}
