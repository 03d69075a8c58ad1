// Messages for the practices area.
export default {
  'practices.placeholder': '',
}
