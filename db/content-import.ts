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
