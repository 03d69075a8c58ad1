import { migrateDatabase, openFromEnv } from './client.ts'
import { ContentError } from './content/courses.ts'
import { importContent } from './content/import.ts'

const handle = openFromEnv()
try {
  await migrateDatabase(handle)
  const summary = await importContent(handle.db)
  console.info(
    `Content imported: ${summary.courses} courses (${summary.created} new, ${summary.updated} updated), ${summary.newVersions} new lesson versions.`,
  )
  if (summary.toolkits) {
    console.info(
      `Toolkit: ${summary.toolkits.resources} resources (${summary.toolkits.created} new), ${summary.toolkits.newVersions} new versions.`,
    )
  }
  for (const [what, kept] of [
    ['Courses', summary.coursesKept],
    ['Toolkit resources', summary.toolkitsKept],
  ] as const) {
    if (kept?.archived.length)
      console.info(`${what} left archived, as authors archived them: ${kept.archived.join(', ')}.`)
    if (kept?.authored.length)
      console.info(`${what} left as authors changed them in the app: ${kept.authored.join(', ')}.`)
  }
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message)
    process.exitCode = 1
  } else {
    throw error
  }
} finally {
  await handle.close()
}
