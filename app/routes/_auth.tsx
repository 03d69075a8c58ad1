import { Outlet } from '@remix-run/react'

export default function AuthLayout() {
  return (
    <div className="auth-layout">
      <Outlet />
    </div>
  )
}
