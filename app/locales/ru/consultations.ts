// Messages for the consultations area.
export default {
  'consultations.placeholder': '',
}
