// Messages for the mentorships area.
export default {
  'mentorships.placeholder': '',
}
