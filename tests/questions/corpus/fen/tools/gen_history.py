"""Writes fen/history.csv from hand-written storylines (fortnightly cycles opening Mondays)."""
import csv
import datetime as dt
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from gen_plan import PLAN, email  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "fen")
C = {i + 1: dt.date(2026, 8, 17) + dt.timedelta(days=14 * i) for i in range(9)}  # C1 17 Aug .. C9 7 Dec

# (cycle, day offset from the cycle's Monday, "HH:MM" UTC, by L/L2/D, rag, pct,
#  summary, achievements, next_steps, risks, blockers, asks)   blockers/asks "" -> None
S = {}

S["FN-01"] = [
    (1, 1, "09:10", "L", "green", 38, "Council tax view of the account in user testing with 40 residents.",
     "Testing sessions run in Eastmere and Holmewick.", "Fix the issues found in testing.", "Revenues supplier API changes.", "", ""),
    (2, 2, "09:20", "L", "green", 41, "Council tax view testing complete; minor fixes in progress.",
     "Testing report published.", "Prepare the council tax view launch.", "Low.", "", ""),
    (3, 1, "09:05", "L", "green", 44, "Council tax view ready to launch on 30 September.",
     "Launch messages drafted with the web team.", "Launch the council tax view.", "Revenues supplier API changes.", "", ""),
    (4, 2, "09:30", "L", "green", 47, "Council tax view launched on 30 September; 1,150 residents have linked their council tax accounts.",
     "Council tax view live.", "Start design of the benefits view.", "Low.", "", ""),
    (5, 1, "10:00", "L", "green", 50, "2,300 accounts now linked to council tax; benefits view design under way.",
     "Benefits view designs agreed with the benefits team.", "Build the benefits view.", "Benefits API not yet available from the supplier.", "", ""),
    (6, 1, "09:15", "L", "amber", 52, "Benefits view delayed: the revenues and benefits supplier has not released the API it promised for October.",
     "3,100 accounts linked.", "Escalate with the supplier.", "Benefits view milestone of 27 November at risk.",
     "Supplier benefits API not released.", ""),
    (7, 2, "09:40", "D", "amber", 54, "The supplier now promises the benefits API on 4 December, so the benefits view will miss 27 November.",
     "Meeting held with the supplier's account manager.", "Test the API as soon as it arrives.", "Further supplier slippage.",
     "Supplier benefits API not released.", ""),
    (8, 1, "09:10", "L", "amber", 55, "No change: still waiting on the supplier's benefits API. 3,900 accounts linked.",
     "Single sign-on design for garden waste started.", "Receive the API on 4 December.", "Further supplier slippage.",
     "Supplier benefits API not released.",
     "DLG to back a formal letter to the supplier under the contract's service credit clause."),
    (9, 7, "09:15", "L", "amber", 57, "The benefits API arrived on 9 December, five days late. The benefits view is in testing with a new target of 25 January. 4,200 accounts linked.",
     "Benefits API received and connected in the test environment.", "Test the benefits view and agree a go-live date.",
     "Testing may find data mismatches between the two systems.", "", ""),
]

S["FN-02"] = [
    (1, 1, "10:20", "L", "green", 40, "E-billing sign-up page built and in testing.", "E-billing page built.",
     "Test with the revenues team.", "Low.", "", ""),
    (2, 1, "10:05", "L", "green", 44, "E-billing testing complete.", "All test scripts passed.",
     "Prepare the e-billing launch for 5 October.", "Low.", "", ""),
    (3, 1, "10:30", "L", "green", 48, "Moving home form in build.", "Moving home form designs signed off.",
     "Build the moving home form.", "Low.", "", ""),
    (4, 2, "10:10", "D", "green", 53, "Moving home form built; e-billing launches on 5 October.", "Moving home form built.",
     "Launch e-billing.", "Low.", "", ""),
    (5, 1, "10:00", "L", "green", 58, "E-billing launched on 5 October; 1,900 households signed up in the first week.",
     "E-billing live.", "Test the moving home form.", "Take-up may level off after the launch publicity.", "", ""),
    (6, 2, "10:15", "L", "green", 62, "E-billing sign-ups reached 3,400 households.", "Moving home form tested.",
     "Launch the moving home form on 16 November.", "Low.", "", ""),
    (7, 8, "10:00", "L", "green", 66, "Moving home form launched on 16 November.", "Moving home form live.",
     "Start the direct debit mandate build.", "Low.", "", ""),
    (8, 2, "10:30", "L", "green", 70, "The moving home form handled 310 moves in its first fortnight, with 38% fewer phone calls about moving home.",
     "Moving home calls down 38%.", "Build the direct debit mandate with the payments supplier.", "Bank validation service costs.", "", ""),
    (9, 2, "10:00", "L", "green", 73, "E-billing is now at 5,200 households, 11% of the tax base. The online direct debit mandate is in testing for 18 January.",
     "Direct debit mandate passed bank validation testing.", "User testing of the direct debit form.", "Low.", "", ""),
]

S["FN-03"] = [
    (1, 2, "11:00", "L", "green", 30, "Online claim form in build with document upload.", "Claim form wireframes agreed.",
     "Build the document upload component.", "Low.", "", ""),
    (2, 2, "11:10", "L", "green", 34, "Document upload component built.", "Upload component built.",
     "Continue the claim form build.", "Low.", "", ""),
    (3, 2, "11:00", "L", "green", 38, "Claim form build 60% complete.", "Income and household sections built.",
     "Build the council tax reduction calculation step.", "Low.", "", ""),
    (4, 3, "14:00", "D", "green", 42, "Claim form built; document upload testing planned for October.", "Claim form build complete.",
     "Test document upload.", "Low.", "", ""),
    (5, 2, "11:20", "L", "green", 46, "Document upload testing under way and on track for 30 October.", "First 60 test scenarios run.",
     "Finish document upload testing.", "Low.", "", ""),
    (6, 2, "11:00", "L", "amber", 49, "Document upload tested, but the claim form's council tax reduction calculation does not match the back-office system in 1 in 12 test cases.",
     "Document upload tested.", "Fix the calculation rules with the supplier.", "New claim form launch on 7 December at risk.",
     "Council tax reduction calculation mismatch.", ""),
    (7, 2, "11:15", "L", "amber", 51, "Calculation fix delivered by the supplier; retesting all scenarios.", "Supplier fix installed.",
     "Retest all 120 scenarios.", "Launch on 7 December at risk.", "", ""),
    (8, 2, "11:05", "L", "amber", 53, "Retesting found 3 remaining mismatches in pension-age claims, so the launch moves from 7 December to 11 January.",
     "117 of 120 test scenarios pass.", "Supplier fix for pension-age claims.", "Staff capacity in January during annual billing.",
     "Pension-age calculation defect.",
     "DLG to agree a temporary extra benefits assessor from January to cover the launch period."),
]

S["FN-04"] = [
    (1, 1, "13:00", "L", "amber", 35, "Content audit behind: two content designer posts are still vacant.", "Audit of 1,400 pages 70% complete.",
     "Recruit content designers.", "Vacancies.", "Two content designer vacancies.", ""),
    (2, 1, "13:10", "L", "amber", 40, "Content audit completed on 28 August despite the vacancies.", "Content audit complete.",
     "Start rewriting the top tasks.", "Vacancies.", "Two content designer vacancies.", ""),
    (3, 1, "13:00", "L", "amber", 45, "One content designer appointed and starting on 5 October.", "First content designer appointed.",
     "Appoint the second content designer.", "Vacancies.", "", ""),
    (4, 2, "13:30", "L", "green", 52, "Both content designers appointed; beta site build on track for 2 November.", "Second content designer appointed.",
     "Rewrite the top 100 tasks for the beta.", "Low.", "", ""),
    (5, 1, "13:00", "L", "green", 58, "Top 100 tasks rewritten for the beta.", "100 tasks rewritten.",
     "Finish the beta build.", "Low.", "", ""),
    (6, 1, "13:20", "L", "green", 64, "Beta site ready to go live on 2 November.", "Beta build complete.",
     "Launch the beta.", "Low.", "", ""),
    (7, 1, "13:00", "L", "green", 70, "Beta site live since 2 November with 6,800 visits and a 4.1 out of 5 satisfaction score.",
     "Beta live.", "Book the accessibility audit.", "Low.", "", ""),
    (8, 2, "13:10", "L", "green", 76, "Accessibility audit booked for 7 December.", "Redirect map for old URLs drafted.",
     "Accessibility audit.", "Accessibility audit findings.", "", ""),
    (9, 3, "13:30", "L", "green", 82, "The accessibility audit passed on 9 December with only two minor issues, both fixed. New site launch confirmed for 25 January.",
     "WCAG 2.2 AA accessibility audit passed.", "Set up redirects from old URLs; launch communications.",
     "Broken links from old URLs after the switchover.", "", ""),
]

S["FN-05"] = [
    (1, 1, "14:00", "L", "green", 20, "Cloud contact centre design workshops complete.", "Design workshops with all service lines.",
     "Design call flows.", "Low.", "", ""),
    (2, 1, "14:00", "L", "green", 25, "Call flows designed for all 9 service lines.", "Call flows signed off.",
     "Supplier to start the build.", "Low.", "", ""),
    (3, 1, "14:10", "L", "green", 30, "System build started by the supplier.", "Build kicked off.",
     "Place the number porting order.", "Low.", "", ""),
    (4, 1, "14:00", "L", "green", 35, "Build on track; number porting order placed with the carrier.", "Porting order placed for 48 numbers.",
     "Configure call-backs.", "Porting lead times.", "", ""),
    (5, 1, "14:30", "L", "amber", 40, "The carrier rejected the porting order for 12 of our 48 numbers because of account mismatches.",
     "36 numbers cleared for porting.", "Correct the account records with the carrier.", "January go-live at risk.",
     "Porting rejected for 12 numbers.", ""),
    (6, 1, "14:00", "L", "amber", 44, "Porting resubmitted for the 12 rejected numbers.", "Account records corrected.",
     "Get a porting date.", "January go-live at risk.", "", ""),
    (7, 2, "15:00", "D", "amber", 47, "The carrier confirmed a porting date of 30 November for all 48 numbers.", "Porting date confirmed.",
     "User acceptance testing of call flows.", "Porting failure on the day.", "", ""),
    (8, 1, "14:00", "L", "amber", 49, "Porting is booked for 30 November; user acceptance testing of the call flows is complete.",
     "Call flow testing complete.", "Port numbers on 30 November.", "Porting failure on the day.", "", ""),
    (9, 1, "14:15", "L", "red", 50, "Number porting failed on 30 November for the main enquiry line and 11 other numbers, so the 11 January go-live cannot happen until porting completes. The carrier has not yet given a new date.",
     "36 of 48 numbers ported; call flows tested.", "Get a new porting date from the carrier and replan go-live.",
     "Support for the old phone system ends on 31 January.", "Carrier has not confirmed a new porting date for 12 numbers.",
     "DLG to approve extending the old phone system support contract by three months (£14,500)."),
]

S["FN-06"] = [
    (1, 2, "08:30", "L", "green", 15, "Requirements agreed for online garden waste subscriptions.", "Requirements signed off.",
     "Procure the online form and payments.", "Low.", "", ""),
    (2, 2, "08:40", "L", "green", 22, "Form supplier chosen from the existing framework.", "Supplier appointed.",
     "Build the subscription form.", "Low.", "", ""),
    (3, 2, "08:30", "D", "green", 30, "Subscription form in build.", "Payment integration configured.",
     "Test the subscription form.", "Low.", "", ""),
    (4, 2, "08:30", "L", "green", 38, "Subscription form in testing with the waste team.", "Testing started.",
     "Fix defects.", "Low.", "", ""),
    (5, 2, "08:45", "L", "green", 45, "Testing complete; launch planned for 2 November.", "Testing complete.",
     "Launch the online renewal form.", "Low.", "", ""),
    (6, 8, "08:30", "L", "green", 55, "The online renewal form went live on 2 November; 640 subscriptions were bought online on the first day.",
     "Online renewal form live.", "Monitor take-up.", "Low.", "", ""),
    (7, 2, "08:30", "L", "green", 62, "The online renewal form has taken 2,100 subscriptions.", "2,100 online subscriptions.",
     "Plan the 2027 renewals window.", "Low.", "", ""),
    (8, 2, "08:30", "D", "green", 68, "Preparing for the 2027 renewals window opening on 4 January.", "Renewal reminder emails drafted.",
     "Test the reminder emails.", "Low.", "", ""),
    (9, 0, "08:30", "D", "green", 72, "Renewal reminder emails are ready for 18,500 subscribers; the 2027 window opens on 4 January.",
     "Reminder emails tested.", "Open the 2027 renewals window.", "Payment site capacity on the first day of renewals.", "", ""),
]

S["FN-07"] = [
    (1, 2, "09:00", "L", "green", 60, "Bulky waste booking form in testing.", "Form built.", "Finish testing.", "Low.", "", ""),
    (2, 2, "09:00", "L", "green", 68, "Booking form ready to launch on 14 September.", "Testing complete.", "Launch the booking form.", "Low.", "", ""),
    (3, 2, "09:00", "L", "green", 75, "Booking form live since 14 September with 180 bookings so far.", "Booking form live.",
     "Build online payment.", "Low.", "", ""),
    (4, 2, "09:00", "L", "green", 82, "Online payment build under way for 19 October.", "Payment provider configured.",
     "Launch online payment.", "Low.", "", ""),
    (5, 8, "09:00", "L", "green", 88, "Online payment live from 19 October.", "Online payment live.", "Link slots to crew schedules.", "Low.", "", ""),
    (6, 2, "09:00", "L", "green", 91, "74% of bulky waste bookings are now made online.", "Slot feed designed.",
     "Feed booked slots into crew schedules.", "Low.", "", ""),
    (7, 2, "09:00", "L", "green", 93, "Booked slots now feed directly into crew schedules.", "Slot feed live.",
     "Draft the closure report.", "Low.", "", ""),
    (8, 2, "09:00", "L", "green", 95, "Closure report drafted.", "Closure report drafted.", "Get the closure report approved.", "Low.", "", ""),
    (9, 2, "09:10", "L", "green", 97, "Project closure on track for 18 December; 81% of bookings are now made online and phone bookings are down by 60%.",
     "Closure report approved by the service manager.", "Hand over to business as usual and close the project.", "Low.", "", ""),
]

S["FN-08"] = [
    (1, 1, "10:00", "L", "green", 25, "Device build image finalised; the first 50 laptops deployed to ICT staff.", "50 laptops deployed.",
     "Start deployments to services.", "Low.", "", ""),
    (2, 1, "10:00", "D", "green", 30, "90 laptops deployed.", "Finance team refreshed.", "Continue deployments.", "Low.", "", ""),
    (3, 1, "10:00", "L", "green", 36, "150 laptops deployed.", "Revenues team refreshed.", "Continue deployments.", "Low.", "", ""),
    (4, 1, "10:00", "L", "green", 42, "220 laptops deployed.", "Planning team refreshed.", "Continue deployments.", "Supply chain.", "", ""),
    (5, 1, "10:00", "L", "green", 48, "270 laptops deployed; 300 by 30 October is on track.", "Housing team refreshed.", "Reach 300 devices.", "Supply chain.", "", ""),
    (6, 2, "10:00", "L", "amber", 53, "300 laptops deployed, but the supplier has warned of a four-week delay on the next 350 because of a chip shortage.",
     "300 laptops deployed.", "Confirm the revised delivery date.", "500 laptops by 4 December at risk.", "Supplier delivery delay.", ""),
    (7, 2, "10:00", "L", "amber", 58, "The first 100 of the delayed laptops arrived; 400 deployed.", "400 laptops deployed.",
     "Deploy the next batch.", "500 laptops by 4 December at risk.", "Supplier delivery delay.", ""),
    (8, 2, "10:00", "L", "amber", 63, "430 laptops deployed; the 500 target for 4 December will be missed.", "430 laptops deployed.",
     "Receive the final delivery.", "Engineer availability before Christmas.", "Supplier delivery delay.", ""),
    (9, 2, "10:20", "D", "amber", 66, "460 laptops deployed. The last 190 devices arrived on 8 December and deployment restarts on 4 January after the change freeze.",
     "Final delivery received.", "Deploy the last 190 laptops in January.", "Engineer availability in January.", "", ""),
]

S["FN-09"] = [
    (1, 2, "11:00", "L", "green", 30, "Teams calling pilot running with the ICT team.", "Pilot with 25 ICT staff.",
     "Plan the revenues and benefits move.", "Low.", "", ""),
    (2, 2, "11:00", "L", "green", 35, "Pilot feedback positive; headsets ordered.", "Headsets ordered.", "Plan department moves.", "Low.", "", ""),
    (3, 2, "11:00", "D", "green", 40, "Department move plan agreed.", "Move plan agreed.", "Prepare revenues and benefits.", "Low.", "", ""),
    (4, 2, "11:00", "L", "green", 46, "Call queues configured for revenues and benefits.", "Call queues configured.",
     "Train revenues and benefits staff.", "Low.", "", ""),
    (5, 2, "11:00", "L", "green", 52, "Training for revenues and benefits staff complete.", "Training complete.",
     "Move revenues and benefits in November.", "Low.", "", ""),
    (6, 2, "11:00", "L", "amber", 57, "Call quality problems at the Holmewick depot because of poor site broadband.",
     "Depot pilot run.", "Order a broadband upgrade for the depot.", "Depot staff cannot move until broadband is fixed.",
     "Holmewick depot broadband.", ""),
    (7, 1, "11:00", "L", "amber", 62, "Holmewick depot broadband upgrade ordered; the revenues and benefits move is planned for 20 November.",
     "Broadband upgrade ordered.", "Move revenues and benefits.", "Broadband install date.", "", ""),
    (8, 1, "11:00", "L", "amber", 68, "Revenues and benefits moved to Teams calling on 20 November; the Holmewick broadband upgrade is due on 4 December.",
     "Revenues and benefits on Teams calling.", "Holmewick broadband upgrade.", "Broadband install date.", "", ""),
    (9, 1, "11:00", "L", "green", 75, "Back to green: the Holmewick depot broadband was upgraded on 4 December and call quality is now good. 310 of 520 staff are on Teams calling.",
     "Holmewick depot broadband upgraded.", "Move planning, housing and environmental health in January.", "Christmas change freeze.", "", ""),
]

S["FN-10"] = [
    (1, 1, "15:00", "L", "amber", 45, "Parallel run 1 preparation under way; data migration scripts are behind schedule.", "Supplier environment ready.",
     "Finish the migration scripts.", "April 2027 go-live.", "", ""),
    (2, 2, "15:00", "L2", "amber", 48, "Migration scripts complete for the general ledger.", "Ledger scripts complete.",
     "Scripts for accounts payable.", "April 2027 go-live.", "", ""),
    (3, 1, "15:00", "L", "amber", 50, "Parallel run 1 planned for 16 October.", "Accounts payable scripts complete.",
     "Prepare parallel run 1.", "April 2027 go-live.", "", ""),
    (4, 2, "15:10", "L2", "amber", 52, "Parallel run 1 test data loaded.", "Test data loaded.", "Run parallel run 1.", "April 2027 go-live.", "", ""),
    (5, 8, "15:00", "L", "red", 53, "Parallel run 1 completed on 16 October but did not reconcile: accounts payable differed by £212,000.",
     "Parallel run 1 complete.", "Root cause analysis with the supplier.", "April 2027 go-live at risk.",
     "Accounts payable reconciliation failure.", ""),
    (6, 2, "15:00", "L2", "red", 54, "Root cause found: VAT coding on 1,900 migrated invoices.", "Root cause identified.",
     "Fix the VAT mappings and plan parallel run 2.", "April 2027 go-live at risk.", "VAT mapping defect.",
     "DLG to approve two months of extra supplier consultancy (£38,000) to fix the migration."),
    (7, 4, "15:00", "L", "red", 55, "The DLG approved the extra consultancy on 12 November; VAT mappings are being rebuilt.",
     "Extra consultancy approved.", "Parallel run 2 on 11 December.", "April 2027 go-live at risk.", "VAT mapping defect.", ""),
    (8, 2, "15:00", "L2", "red", 57, "VAT mappings rebuilt and tested; parallel run 2 is set for 11 December.", "VAT mappings rebuilt.",
     "Run parallel run 2.", "April 2027 go-live at risk.", "", ""),
    (9, 7, "10:30", "L", "amber", 61, "Parallel run 2 on 11 December reconciled to within £150, so the project is back to amber. Go-live on 1 April 2027 is still achievable if year-end closedown goes to plan.",
     "Parallel run 2 reconciled.", "Section 151 officer sign-off of parallel run 2; plan the go/no-go for February.",
     "Year-end closedown workload clashes with go-live preparation.", "", ""),
]

S["FN-11"] = [
    (1, 3, "09:30", "L", "green", 40, "MFA rolled out to 80% of staff.", "MFA for corporate services.", "Extend MFA to the depots.", "Shared accounts.", "", ""),
    (2, 3, "09:30", "L", "green", 45, "MFA at 92%; the remaining accounts are shared mailboxes.", "Depots on MFA.", "Convert shared accounts.", "Shared accounts.", "", ""),
    (3, 3, "09:30", "L", "green", 50, "MFA on track for 30 September.", "Shared mailboxes converted.", "Finish MFA.", "Low.", "", ""),
    (4, 3, "09:30", "L", "amber", 54, "MFA complete for all staff on 30 September, but immutable backup procurement is delayed because the preferred supplier withdrew.",
     "MFA for all staff.", "Re-procure immutable backups.", "Ransomware exposure until backups are immutable.", "", ""),
    (5, 3, "09:30", "L", "amber", 57, "Re-procuring immutable backups through a national framework.", "Framework call-off drafted.",
     "Appoint a backup supplier.", "Ransomware exposure until backups are immutable.", "", ""),
    (6, 3, "09:30", "D", "amber", 60, "Backup supplier appointed on 28 October; installation slots are limited.", "Backup supplier appointed.",
     "Book installation.", "Ransomware exposure until backups are immutable.", "", ""),
    (7, 3, "09:30", "L", "amber", 62, "Backup appliance delivered.", "Appliance delivered.", "Install the appliance.", "Ransomware exposure until backups are immutable.", "", ""),
    (8, 3, "09:30", "L", "amber", 64, "Backup appliance installed; the first immutable copies are running but restore testing has not yet passed.",
     "Appliance installed.", "Restore testing.", "Ransomware exposure until backups are immutable.", "", ""),
    (9, 3, "09:45", "D", "amber", 66, "Immutable backups are running for 70% of servers. A failed restore test on the finance database is being investigated with the supplier, so the 30 November milestone is still open.",
     "Immutable copies for 70% of servers.", "Repeat the restore test; plan the January incident response exercise.",
     "Ransomware exposure until every server has immutable backups.", "", ""),
]

S["FN-12"] = [
    (1, 2, "12:00", "L", "green", 20, "Retention labels in design with service leads.", "Label workshops held.", "Finish the label design.", "Low.", "", ""),
    (2, 2, "12:00", "L", "green", 24, "Retention label design on track for 11 September.", "Labels agreed with four services.", "Finish the label design.", "Low.", "", ""),
    (3, 2, "12:00", "L", "green", 28, "Retention labels designed; migration tool installed and a test migration of 10,000 documents run.", "Test migration run.", "Start the planning documents.", "Low.", "", ""),
    (4, 2, "12:00", "D", "green", 32, "Planning documents migration started.", "Migration started.", "Continue migration.", "Tool throughput.", "", ""),
    (5, 2, "12:00", "L", "amber", 34, "The migration tool moves 30,000 documents a day against a plan of 80,000.", "200,000 documents migrated.",
     "Tune the migration server.", "Planning documents milestone of 13 November at risk.", "Migration throughput.", ""),
    (6, 2, "12:00", "L", "amber", 36, "Throughput still low; server upgrade ordered.", "Server upgrade ordered.", "Install the server upgrade.",
     "Planning documents milestone of 13 November at risk.", "Migration throughput.", ""),
    (7, 2, "12:00", "L", "amber", 38, "The 13 November milestone for planning documents will be missed.", "Server upgrade installed.",
     "Measure the new throughput.", "Housing documents migration in January may slip.", "", ""),
    (8, 3, "12:00", "L", "amber", 40, "Planning documents migration is 60% done. Throughput improved to 55,000 documents a day after the server upgrade, but the 13 November milestone was missed.",
     "Server upgrade complete.", "Finish the planning documents by 18 December.", "Housing documents migration in January may slip.", "",
     "DLG to agree to extend the EDRMS licence to June 2027 (£9,800) as contingency."),
]

S["FN-13"] = [
    (1, 3, "13:00", "L", "green", 20, "First digital champions cohort recruited.", "30 volunteers signed up.", "Start cohort 1 training.", "Low.", "", ""),
    (2, 3, "13:00", "L", "green", 28, "Cohort 1 training under way.", "Four sessions delivered.", "Finish cohort 1.", "Low.", "", ""),
    (3, 3, "13:00", "L", "green", 35, "30 champions trained by 25 September is on track.", "Cohort 1 nearly complete.", "Finish cohort 1.", "Low.", "", ""),
    (4, 3, "13:00", "L", "green", 42, "30 champions trained; the second cohort starts in October.", "Cohort 1 complete.", "Start cohort 2.", "Low.", "", ""),
    (5, 3, "13:00", "D", "green", 48, "Cohort 2 started with 30 staff.", "Cohort 2 started.", "Run Microsoft 365 drop-ins.", "Low.", "", ""),
    (7, 3, "13:00", "L", "green", 61, "Microsoft 365 drop-ins reached 250 staff.", "Drop-ins at all sites.", "Continue cohort 2.", "Low.", "", ""),
    (8, 3, "13:00", "L", "green", 67, "Cohort 2 halfway through.", "22 cohort 2 champions trained.", "Finish cohort 2.", "Low.", "", ""),
    (9, 2, "13:00", "L", "green", 72, "52 of 60 champions are trained; the final 8 attend the session on 17 December. Microsoft 365 drop-ins have reached 340 staff this year.",
     "Cohort 2 sessions complete.", "Final training session on 17 December; design the staff skills survey.", "Low.", "", ""),
]

S["FN-14"] = [
    (1, 1, "10:30", "L", "amber", 30, "Platform build slower than planned because of cloud tenancy set-up.", "Tenancy approved.", "Build the data gateway.", "Build timescales.", "", ""),
    (2, 1, "10:30", "L", "amber", 33, "Data gateway built.", "Gateway built.", "Penetration test.", "Build timescales.", "", ""),
    (3, 1, "10:30", "L", "amber", 36, "Penetration test booked for late September.", "Finance data model designed.", "Penetration test.", "Test findings.", "", ""),
    (4, 1, "10:30", "L", "red", 38, "Platform build paused: the penetration test found the data gateway exposed to the internet.",
     "Penetration test complete.", "Rebuild the gateway.", "Finance dashboard delayed.",
     "Gateway security finding must be fixed before any data is loaded.", ""),
    (5, 1, "10:30", "D", "red", 40, "Gateway rebuilt; retest booked for 30 October.", "Gateway rebuilt.", "Retest.", "Finance dashboard delayed.",
     "Gateway security finding must be fixed before any data is loaded.", ""),
    (6, 7, "10:30", "L", "amber", 45, "The gateway retest passed on 30 October; the platform build is complete and finance data is loading.",
     "Retest passed; platform build complete.", "Build the finance dashboard.", "Finance dashboard date.", "", ""),
    (7, 1, "10:30", "L", "amber", 52, "Finance dashboard in testing with budget holders.", "Finance dashboard built.", "Launch the finance dashboard.", "Finance data quality.", "", ""),
    (8, 1, "10:30", "L", "amber", 60, "Finance dashboard live on 20 November.", "Finance dashboard live.", "Start the housing dashboard.", "Housing data quality.", "", ""),
    (9, 1, "10:30", "L", "green", 66, "The finance dashboard is used by 85 budget holders and the housing dashboard is on track for 15 January, so the project is now green.",
     "85 budget holders using the finance dashboard.", "Build the housing dashboard.", "Housing data quality.", "", ""),
]

S["FN-15"] = [
    (1, 2, "14:00", "L", "green", 35, "Online application form in build.", "Form designs agreed with partners.", "Build the form.", "Low.", "", ""),
    (2, 2, "14:00", "L", "green", 40, "Application form build on track.", "Eligibility questions built.", "Test the form.", "Low.", "", ""),
    (3, 2, "14:00", "D", "green", 46, "Form in testing with housing officers.", "Testing started.", "Launch on 12 October.", "Low.", "", ""),
    (4, 2, "14:00", "L", "green", 52, "Launch of the online application form set for 12 October.", "Testing complete.", "Launch.", "Low.", "", ""),
    (5, 1, "14:00", "L", "green", 58, "Online application form live since 12 October.", "Application form live.", "Build choice-based lettings bidding.", "Low.", "", ""),
    (6, 2, "14:00", "L", "green", 62, "Choice-based lettings bidding in build.", "780 households applied online.", "Data sharing agreement with housing associations.", "Partner sign-up.", "", ""),
    (7, 2, "14:00", "L", "amber", 65, "Choice-based lettings bidding delayed: not all housing association partners have signed the new data sharing agreement.",
     "Bidding module built.", "Get partner signatures.", "Bidding launch on 14 December at risk.", "Unsigned data sharing agreements.", ""),
    (8, 2, "14:00", "L", "amber", 67, "4 of 6 housing associations have signed the data sharing agreement.", "Four signatures received.",
     "Chase the remaining two.", "Bidding launch on 14 December at risk.", "Unsigned data sharing agreements.", ""),
    (9, 3, "14:00", "D", "amber", 69, "The bidding launch on 14 December will be missed: Fenway Homes and Ouse Valley Housing still have not signed the data sharing agreement. New target 18 January.",
     "1,340 households have applied online.", "Get the last two signatures.", "Applicants confused by two systems running side by side.",
     "Two housing associations have not signed the data sharing agreement.",
     "DLG chair to write to the chief executives of Fenway Homes and Ouse Valley Housing."),
]

S["FN-16"] = [
    (1, 3, "10:00", "L", "green", 20, "Referral portal requirements agreed with county OTs.", "Requirements agreed.", "Build the referral portal.", "Low.", "", ""),
    (2, 3, "10:00", "L", "green", 26, "Referral portal in build.", "Portal build started.", "Continue the build.", "Low.", "", ""),
    (4, 3, "10:00", "L", "green", 40, "Referral portal built and in testing with two OTs.", "Portal built.", "Launch by 23 October.", "Low.", "", ""),
    (5, 3, "10:00", "D", "green", 48, "Referral portal launching on 23 October.", "Testing complete.", "Launch.", "Low.", "", ""),
    (6, 3, "10:00", "L", "green", 54, "Referral portal live since 23 October; 31 referrals received.", "Portal live.", "Design the contractor quotes module.", "Low.", "", ""),
    (7, 3, "10:00", "L", "green", 58, "Contractor quotes module designed.", "Designs agreed with contractors.", "Build the quotes module.", "Contractor uptake.", "", ""),
    (8, 1, "10:00", "L", "green", 62, "The OT referral portal has received 96 referrals from county OTs since October; the contractor quotes module is being built for January.",
     "96 referrals received online.", "Test the contractor quotes module.", "Contractor uptake.", "", ""),
]

S["FN-17"] = [
    (1, 2, "15:30", "L", "amber", 55, "Data migration trial found duplicate case records.", "Trial migration run.", "De-duplicate records.", "Go-live date.", "", ""),
    (2, 2, "15:30", "L2", "amber", 60, "Duplicate records cleansed.", "3,200 duplicates merged.", "Second trial migration.", "Go-live date.", "", ""),
    (3, 2, "15:30", "L", "amber", 66, "Second trial migration clean; go-live planning started.", "Second trial clean.", "Final migration.", "Go-live date.", "", ""),
    (4, 2, "15:30", "L2", "green", 72, "Final data migration on track for 9 October.", "Training materials ready.", "Final migration.", "Low.", "", ""),
    (5, 2, "15:30", "L", "green", 80, "Data migration completed on 9 October.", "Data migration complete.", "Staff training.", "Low.", "", ""),
    (6, 2, "15:30", "L2", "green", 85, "Go-live set for 2 November.", "All staff trained.", "Go live.", "Low.", "", ""),
    (7, 2, "15:30", "L", "green", 88, "Live since 2 November; 140 cases opened on the new system.", "System live.", "Build the H-CLIC extract.", "Low.", "", ""),
    (8, 2, "15:30", "L2", "green", 90, "H-CLIC extract built and in testing.", "Extract built.", "Test against the validation rules.", "Low.", "", ""),
    (9, 8, "09:30", "L2", "green", 92, "Six weeks live with 390 cases on the new system. The test H-CLIC extract passed the government's validation rules; the first live return is due on 8 January.",
     "H-CLIC test extract passed validation.", "Submit the first live H-CLIC return.", "Low.", "", ""),
]

S["FN-18"] = [
    (1, 1, "08:45", "L", "green", 35, "820 customers now on digital alarm units.", "820 customers switched.", "Continue installs.", "Unit supply.", "", ""),
    (2, 1, "08:45", "L", "green", 40, "960 customers switched.", "960 customers switched.", "Continue installs.", "Unit supply.", "", ""),
    (3, 1, "08:45", "L", "green", 45, "1,100 customers switched; 1,200 by 30 September on track.", "1,100 customers switched.", "Continue installs.", "Unit supply.", "", ""),
    (4, 1, "08:45", "L", "green", 50, "1,200 customers switched, a day ahead of the 30 September milestone.", "1,200 customers switched.", "Continue installs.", "Unit supply.", "", ""),
    (5, 1, "08:45", "D", "green", 55, "1,380 customers switched.", "1,380 customers switched.", "Continue installs.", "Unit supply.", "", ""),
    (6, 1, "08:45", "L", "green", 60, "1,540 customers switched.", "1,540 customers switched.", "Continue installs.", "Unit supply.", "", ""),
    (7, 1, "08:45", "L", "green", 66, "1,690 customers switched.", "1,690 customers switched.", "Continue installs.", "Unit supply.", "", ""),
    (8, 1, "08:45", "L", "amber", 70, "The alarm unit supplier cannot deliver the next 600 units until mid-December, so 2,000 customers by 4 December will be missed. 1,720 customers switched.",
     "1,720 customers switched.", "Secure the next delivery.", "2,000 customers by 4 December will be missed.", "Alarm unit shortage.", ""),
    (9, 2, "08:50", "D", "amber", 73, "1,780 customers switched; 600 units arrive on 16 December. All 2,400 by 29 January is tight but possible with weekend installs.",
     "Weekend installation rota agreed.", "Install the 600 units from 16 December.",
     "Vulnerable customers left on analogue lines if their exchange is switched first.", "",
     "DLG to approve overtime for weekend installations in January (about £6,000)."),
]

S["FN-19"] = [
    (1, 1, "16:00", "L", "green", 40, "Booking system configured; membership migration planned.", "System configured.", "Migrate memberships.", "Low.", "", ""),
    (2, 1, "16:00", "L", "green", 48, "Membership migration on track for 7 September.", "Test migration complete.", "Migrate memberships.", "Low.", "", ""),
    (3, 1, "16:00", "L", "green", 55, "4,100 memberships migrated on 7 September.", "Memberships migrated.", "Build online class booking.", "Low.", "", ""),
    (4, 1, "16:00", "D", "green", 62, "Online class booking in testing.", "Class timetable loaded.", "Launch class booking.", "Low.", "", ""),
    (5, 1, "16:00", "L", "green", 68, "Online class booking launching on 26 October.", "Testing complete.", "Launch class booking.", "Low.", "", ""),
    (6, 1, "16:00", "L", "green", 74, "Online class booking live since 26 October.", "Class booking live.", "Build the leisure app.", "App store review times.", "", ""),
    (7, 1, "16:00", "L", "green", 78, "Online class booking live since 26 October; 62% of class bookings are now made online. The leisure app is on track for 7 December.",
     "62% of class bookings online.", "Submit the app to the app stores.", "App store review times.", "", ""),
]

S["FN-20"] = [
    (1, 2, "12:30", "L", "green", 30, "74 devices lent so far.", "Device library opened in Eastmere.", "Open device lending in Holmewick.", "Device supply.", "", ""),
    (2, 2, "12:30", "L", "green", 36, "110 devices lent.", "Holmewick device lending opened.", "Recruit digital helpers.", "Device supply.", "", ""),
    (3, 2, "12:30", "L", "green", 42, "140 devices lent; digital helpers recruited.", "12 digital helpers recruited.", "Place helpers in libraries.", "Volunteer numbers.", "", ""),
    (4, 2, "12:30", "D", "green", 48, "165 devices lent.", "Helpers in two libraries.", "Continue lending.", "Volunteer numbers.", "", ""),
    (5, 2, "12:30", "L", "green", 54, "190 devices lent; 200 by 31 October on track.", "Helpers in three libraries.", "Reach 200 devices.", "Volunteer numbers.", "", ""),
    (6, 2, "12:30", "L", "green", 60, "212 devices lent, passing the 200 target.", "200-device milestone met.", "Free data SIMs.", "Volunteer numbers.", "", ""),
    (7, 2, "12:30", "L", "green", 65, "250 devices lent and 300 free data SIMs given out.", "SIM scheme launched.", "Helpers in more libraries.", "Volunteer numbers.", "", ""),
    (8, 2, "12:30", "L", "green", 69, "Digital helpers now in 4 of 6 libraries.", "Helpers at Ravensfen library.", "Helpers at Dykeham.", "Volunteer numbers over winter.", "", ""),
    (9, 0, "12:30", "L", "green", 72, "286 devices lent and 410 free data SIMs given out. Digital helpers are now in 5 of 6 libraries; Lodebridge library starts on 16 December.",
     "Digital helpers started at Dykeham library.", "Start helpers at Lodebridge; bid to the National Databank for more SIMs.",
     "Volunteer numbers over winter.", "", ""),
]

S["FN-21"] = [
    (1, 3, "14:30", "L", "amber", 10, "Payment provider for licence fees not yet chosen.", "Requirements agreed.", "Choose a payment provider.", "Payment integration.", "", ""),
    (2, 3, "14:30", "L", "amber", 15, "Payment provider shortlist of two.", "Shortlist agreed.", "Choose a provider.", "Payment integration.", "", ""),
    (3, 3, "14:30", "L", "amber", 20, "Payment provider chosen; contract in legal review.", "Provider chosen.", "Sign the contract.", "Payment integration.", "", ""),
    (4, 3, "14:30", "D", "amber", 25, "Contract signed; application form build started.", "Contract signed.", "Build the form.", "Payment integration.", "", ""),
    (5, 3, "14:30", "L", "green", 32, "Application form build on track for 30 October.", "Form half built.", "Finish the form.", "Low.", "", ""),
    (6, 3, "14:30", "L", "green", 40, "Online application form built, a day ahead of the 30 October milestone.", "Form built.", "Payment integration.", "Low.", "", ""),
    (7, 3, "14:30", "L", "green", 48, "Payment integration in build.", "Payment integration started.", "Test the payments.", "Low.", "", ""),
    (8, 3, "14:30", "D", "green", 56, "Payment integration testing booked for 9 December.", "Integration built.", "Test the payments.", "Low.", "", ""),
    (9, 3, "14:45", "D", "green", 62, "Payment integration tested on 9 December; the public register is being built for 1 February.",
     "Payment integration tested.", "Build the public register.", "Landlord data quality.", "", ""),
]

S["FN-22"] = [
    (1, 1, "11:30", "L", "green", 50, "Build and configuration of the new planning system on track.", "Workflows configured.", "Finish configuration.", "Low.", "", ""),
    (2, 1, "11:30", "L", "green", 54, "Configuration 90% complete.", "Templates built.", "Data migration trial 1.", "Low.", "", ""),
    (3, 1, "11:30", "D", "green", 58, "Build and configuration complete by 30 September on track.", "Configuration complete.", "Data migration trial 1.", "Data quality.", "", ""),
    (4, 1, "11:30", "L", "amber", 61, "Data migration trial 1 showed 9% of historic applications missing documents.", "Trial 1 complete.",
     "Data cleansing.", "Data quality.", "", ""),
    (5, 1, "11:30", "L", "amber", 63, "Cleansing of historic applications under way.", "4,000 records cleansed.", "More cleansing.", "Data quality.", "", ""),
    (6, 1, "11:30", "L", "amber", 65, "Cleansing nearly complete.", "9,000 records cleansed.", "Prepare trial 2.", "Data quality.", "", ""),
    (7, 1, "11:30", "L", "amber", 66, "Data migration trial 2 scheduled for 20 November.", "Cleansing complete.", "Trial 2.", "Data quality.", "", ""),
    (8, 1, "11:30", "L", "red", 66, "Data migration trial 2 on 20 November failed: 14% of planning history records did not load, and the supplier says the fix will take six weeks.",
     "Root cause identified (legacy address references).", "Agree a fix plan with the supplier.",
     "April go-live will slip; the old system contract ends on 30 April 2027.",
     "Legacy address references do not match the gazetteer.",
     "DLG to decide whether to extend the old planning system contract for six months (£42,000)."),
    (9, 7, "14:00", "L", "red", 67, "Still red. The supplier's address-matching fix is due on 8 January, with trial 3 in late January. The DLG has not yet decided on extending the old contract.",
     "Gazetteer team cleansed 3,100 address records.", "Trial 3 in late January.",
     "April go-live will slip; the old system contract ends on 30 April 2027.",
     "Legacy address references do not match the gazetteer.",
     "DLG to decide whether to extend the old planning system contract for six months (£42,000)."),
]

S["FN-23"] = [
    (1, 1, "12:00", "L", "green", 20, "Application form designs under way.", "User research with agents.", "Design the forms.", "Low.", "", ""),
    (2, 1, "12:00", "L", "green", 26, "Form designs half complete.", "Full plans form designed.", "Design the remaining forms.", "Low.", "", ""),
    (3, 1, "12:00", "D", "green", 32, "Form designs on track for 16 October.", "Building notice form designed.", "Finish designs.", "Low.", "", ""),
    (4, 1, "12:00", "L", "green", 38, "Designs nearly complete.", "Regularisation form designed.", "Finish designs.", "Low.", "", ""),
    (5, 4, "12:00", "L", "green", 44, "Application forms designed on 16 October.", "All forms designed.", "Build inspection booking.", "Low.", "", ""),
    (6, 1, "12:00", "L", "green", 50, "Inspection booking in build.", "Booking screens built.", "Integrate with the back office.", "Low.", "", ""),
    (7, 1, "12:00", "D", "amber", 54, "Inspection booking depends on the planning system's building control module, which is delayed.",
     "Booking front end complete.", "Agree an interim approach.", "Inspection booking date.", "", ""),
    (8, 1, "12:00", "L", "amber", 57, "Interim link to the old back office agreed.", "Interim design agreed.", "Build the interim link.", "Inspection booking on 10 December at risk.", "", ""),
    (9, 3, "11:00", "D", "amber", 59, "Inspection booking will miss 10 December; it needs an interim link to the old back office until the new planning system is live. The interim link is in testing.",
     "Interim link built.", "Test the interim link; go live with inspection booking in January.",
     "Rework if the planning system slips further.", "", ""),
]

S["FN-24"] = [
    (1, 3, "15:00", "L", "green", 25, "Inspection app configured for food hygiene.", "App configured.", "Order tablets.", "Low.", "", ""),
    (2, 3, "15:00", "L", "green", 32, "Tablets ordered.", "Tablets ordered.", "Issue tablets.", "Low.", "", ""),
    (3, 3, "15:00", "L", "green", 40, "Officer training planned.", "Training plan agreed.", "Issue tablets on 2 October.", "Low.", "", ""),
    (4, 3, "15:00", "D", "green", 47, "Tablets delivered; they will be issued to officers on 2 October.", "Tablets delivered.", "Pilot food inspections.", "Mobile signal in rural areas.", "", ""),
    (5, 3, "15:00", "L", "green", 53, "Tablets issued to officers; food inspection pilot with four officers.", "Tablets issued; pilot started.", "Extend to all officers.", "Mobile signal in rural areas.", "", ""),
    (6, 3, "15:00", "L", "green", 60, "Offline mode added after signal problems in the pilot.", "Offline mode live.", "Roll out to all officers.", "Mobile signal in rural areas.", "", ""),
    (7, 3, "15:00", "L", "green", 66, "All food officers trained.", "Training complete.", "Switch food inspections to tablets on 30 November.", "Mobile signal in rural areas.", "", ""),
    (8, 8, "15:00", "L", "green", 72, "Food hygiene inspections have been done on tablets since 30 November; officers save about 40 minutes per inspection.",
     "Food inspections on tablets.", "Configure health and safety inspection forms.", "Mobile signal in rural areas.", "", ""),
]

S["FN-25"] = [
    (1, 2, "07:30", "L", "green", 40, "In-cab tablets being fitted across the fleet.", "18 vehicles fitted.", "Fit the remaining vehicles.", "Low.", "", ""),
    (2, 2, "07:30", "L", "green", 46, "Tablets fitted to all 24 vehicles on 28 August.", "All vehicles fitted.", "Route optimisation modelling.", "Low.", "", ""),
    (3, 2, "07:30", "D", "green", 52, "Route modelling started with the supplier.", "Round data collected.", "Model new rounds.", "Low.", "", ""),
    (4, 2, "07:30", "L", "green", 57, "Draft rounds modelled.", "Draft rounds ready.", "Review with supervisors.", "Low.", "", ""),
    (5, 2, "07:30", "L", "green", 62, "Supervisors reviewed draft rounds.", "Supervisor review done.", "Final modelling.", "Crew acceptance.", "", ""),
    (6, 2, "07:30", "L", "green", 66, "Missed-bin feed to the contact centre in build.", "Feed design agreed.", "Build the feed.", "Crew acceptance.", "", ""),
    (7, 2, "07:30", "L", "green", 70, "Route optimisation modelling on track for 27 November.", "Feed in test.", "Finish modelling.", "Crew acceptance.", "", ""),
    (8, 2, "07:30", "D", "green", 74, "Route optimisation modelling nearly complete; the new rounds save two vehicles a day.",
     "Modelling complete.", "Share the new rounds with crews.", "Crew acceptance.", "", ""),
    (9, 2, "07:40", "L", "amber", 75, "Amber: the trade union has asked for more consultation on the new rounds, which puts the 22 February go-live at risk.",
     "Round modelling results shared with crews.", "Consultation meetings with the union in January.",
     "New rounds go-live on 22 February may slip.", "", ""),
]

S["FN-26"] = [
    (1, 2, "13:30", "L", "green", 20, "Sensor supplier mobilised; site surveys under way.", "Site surveys started.", "Finish surveys.", "Site access.", "", ""),
    (2, 2, "13:30", "L", "green", 26, "Surveys complete for 60 sites.", "Surveys complete.", "Apply for permits.", "Permits.", "", ""),
    (3, 2, "13:30", "L", "green", 32, "Permit applications submitted to the Environment Agency.", "Applications submitted.", "Install first sensors.", "Permits.", "", ""),
    (4, 2, "13:30", "D", "green", 38, "First 8 sensors installed.", "8 sensors installed.", "Continue installs.", "Permits.", "", ""),
    (5, 2, "13:30", "L", "green", 44, "14 sensors installed.", "14 sensors installed.", "Continue installs.", "Permits.", "", ""),
    (6, 2, "13:30", "L", "green", 50, "18 sensors installed; the first 20 will be in by 30 October.", "18 sensors live.", "Finish the first 20.", "Permits.", "", ""),
    (7, 2, "13:30", "L", "amber", 54, "First 20 sensors installed on 30 October. Installation of the remaining 40 is delayed by access permits, and the drainage boards want the data on their own systems.",
     "Data sharing terms drafted.", "Chase permits.", "Remaining sensors by 11 December at risk.", "", ""),
    (8, 2, "13:30", "L", "red", 56, "The Environment Agency has not issued permits for 25 of the remaining 40 sensor sites.", "Data sharing terms agreed with two drainage boards.",
     "Chase the permits.", "No live flood data this winter.", "Environment Agency permits for 25 sites outstanding.", ""),
    (9, 0, "13:30", "L", "red", 57, "Only 8 of the remaining 40 sensors are installed; Environment Agency permits for 25 sites are still outstanding and the winter flood season has started.",
     "8 sensors installed on permitted sites.", "Chase the permits; install on permitted sites.",
     "No live flood data for most of the district this winter.", "Environment Agency permits for 25 sites outstanding.",
     "DLG to ask the chief executive to raise the permits with the Environment Agency area director."),
]

S["FN-27"] = [
    (1, 1, "15:30", "L", "green", 40, "Pay by phone signage being installed.", "Signage ordered.", "Go live in 7 car parks.", "Low.", "", ""),
    (2, 1, "15:30", "L", "green", 50, "Pay by phone live in 7 car parks on 1 September.", "7 car parks live.", "Roll out to the rest.", "Low.", "", ""),
    (3, 1, "15:30", "L", "green", 58, "Take-up at 22% in the first 7 car parks.", "Promotion campaign run.", "Roll out to the rest.", "Low.", "", ""),
    (4, 1, "15:30", "L", "green", 65, "Signage going up in the remaining 7 car parks.", "Signage installed.", "Go live in all car parks.", "Low.", "", ""),
    (6, 1, "15:30", "L", "green", 78, "Remaining car parks go live on 13 November.", "Machines ordered.", "Go live.", "Machine delivery.", "", ""),
    (7, 1, "15:30", "L", "green", 84, "Pay by phone goes live in the remaining 7 car parks on 13 November.", "Signage and app listings ready.", "Install new machines.", "Machine delivery.", "", ""),
    (8, 0, "15:30", "L", "green", 88, "Pay by phone has been live in all 14 car parks since 13 November and 41% of parking transactions are now cashless. New payment machines are arriving for installation by 18 December.",
     "41% of transactions cashless.", "Install the new machines.", "Machine delivery.", "", ""),
]

S["FN-28"] = [
    (1, 3, "11:30", "L", "red", 30, "Data cleansing far behind: 40% of charges lack accurate map extents.", "Cleansing plan agreed.",
     "Recruit GIS staff.", "HM Land Registry migration slot.", "Shortage of GIS staff to digitise charge extents.", ""),
    (2, 3, "11:30", "L", "red", 31, "GIS recruitment failed to appoint.", "Advert closed.", "Use a GIS contractor.", "HM Land Registry migration slot.",
     "Shortage of GIS staff to digitise charge extents.", "DLG to approve a GIS contractor (£24,000)."),
    (3, 3, "11:30", "L", "red", 33, "DLG approved the GIS contractor; contractor starts 5 October.", "Contractor approved.",
     "Onboard the contractor.", "Data cleansing complete by 30 September will be missed.", "Shortage of GIS staff to digitise charge extents.", ""),
    (4, 3, "11:30", "D", "red", 34, "Data cleansing missed 30 September; the GIS contractor starts on 5 October.", "Contractor contract signed.",
     "Digitise charge extents.", "HM Land Registry migration slot.", "Shortage of GIS staff to digitise charge extents.", ""),
    (5, 3, "11:30", "L", "red", 35, "Data cleansing 52% complete.", "900 extents digitised.", "Continue cleansing.", "Dress rehearsal on 4 December.",
     "Shortage of GIS staff to digitise charge extents.", ""),
    (6, 3, "11:30", "L", "red", 36, "Data cleansing 58% complete.", "1,500 extents digitised.", "Continue cleansing.", "Dress rehearsal on 4 December.",
     "Shortage of GIS staff to digitise charge extents.", ""),
    (7, 3, "11:30", "L", "red", 37, "Data cleansing 64% complete; the dress rehearsal on 4 December is unlikely.", "2,000 extents digitised.",
     "Talk to HM Land Registry about a new slot.", "Dress rehearsal on 4 December.", "Shortage of GIS staff to digitise charge extents.", ""),
    (8, 3, "11:30", "L", "red", 38, "Data cleansing 68% complete; HM Land Registry asked to move the dress rehearsal.", "2,300 extents digitised.",
     "Agree a new slot.", "The 26 February live date.", "Not enough GIS capacity to finish cleansing.", ""),
    (9, 2, "11:30", "D", "red", 39, "Data cleansing is 71% complete and the dress rehearsal with HM Land Registry could not go ahead on 4 December. HM Land Registry has offered a new migration slot in April 2027.",
     "GIS contractor digitised 2,600 charge extents.", "Accept the April slot; finish cleansing.",
     "The 26 February live date will be missed.", "Not enough GIS capacity to finish cleansing.",
     "DLG to accept the April 2027 migration slot and fund the GIS contractor to March (£18,000)."),
]

S["FN-29"] = [
    (1, 2, "09:45", "L", "green", 20, "Ratepayer account design under way.", "Designs started.", "Finish designs.", "Low.", "", ""),
    (2, 2, "09:45", "D", "green", 28, "Ratepayer account designs agreed.", "Designs agreed.", "Build accounts.", "Low.", "", ""),
    (3, 2, "09:45", "L", "green", 35, "Ratepayer accounts in build.", "Build started.", "Test accounts.", "Low.", "", ""),
    (4, 2, "09:45", "L", "green", 42, "Ratepayer accounts in testing; launch on 19 October.", "Testing started.", "Launch.", "Low.", "", ""),
    (5, 2, "09:45", "L", "green", 50, "Ratepayer accounts launch on 19 October.", "Testing complete.", "Launch.", "Low.", "", ""),
    (6, 2, "09:45", "D", "green", 56, "Ratepayer accounts live since 19 October; 420 businesses registered.", "Accounts live.", "Build the relief forms.", "Low.", "", ""),
    (7, 2, "09:45", "L", "green", 62, "Small business rate relief form in build.", "610 businesses registered.", "Test the form.", "Low.", "", ""),
    (8, 2, "09:45", "L", "green", 68, "Small business rate relief form launching on 7 December.", "Form tested.", "Launch the form.", "Low.", "", ""),
    (9, 8, "08:45", "D", "green", 72, "The small business rate relief form went live on 7 December and has had 58 applications. Retail relief form build has started.",
     "Small business rate relief form live.", "Build the retail relief form for 1 February.", "Changes to relief rules in the spring budget.", "", ""),
]

S["FN-30"] = [
    (1, 1, "12:30", "L", "green", 45, "Wi-Fi live in Eastmere since 14 August.", "Eastmere live.", "Install in Holmewick.", "Funding.", "", ""),
    (2, 1, "12:30", "L", "green", 50, "Eastmere Wi-Fi had 3,200 users in its first fortnight.", "Footfall counters live in Eastmere.", "Holmewick design.", "Funding.", "", ""),
    (3, 1, "12:30", "D", "green", 54, "Holmewick design agreed; mounting on the market cross planned.", "Holmewick design agreed.", "Listed building consent.", "Listed building consent.", "", ""),
    (4, 1, "12:30", "L", "amber", 56, "Listed building consent for the Holmewick market cross mounting taking longer than expected.", "Application submitted.",
     "Await consent.", "Holmewick by 30 October at risk.", "", ""),
    (5, 1, "12:30", "L", "amber", 57, "Still waiting for listed building consent.", "Heritage officer site visit.", "Await consent.", "Holmewick by 30 October at risk.", "", ""),
    (6, 1, "12:30", "L", "red", 58, "Listed building consent for the market cross mounting was refused.", "Alternative sites surveyed.",
     "Find an alternative mounting.", "Loss of UKSPF funding.", "Listed building consent refused for the Holmewick mounting.", ""),
    (7, 2, "12:30", "L", "red", 58, "Holmewick installation is stopped after the listed building consent refusal, and the UKSPF funding for Dykeham and Lodebridge must be spent by 31 March.",
     "Two alternative mountings identified.", "Choose an alternative mounting in Holmewick.", "Loss of UKSPF funding.",
     "Listed building consent refused for the Holmewick mounting.",
     "DLG to confirm whether the £60,000 UKSPF allocation can be moved to 2027/28."),
]

S["FN-31"] = [
    (1, 3, "10:45", "L", "green", 30, "Business advice content being written.", "20 advice pages drafted.", "Publish advice content.", "Low.", "", ""),
    (2, 3, "10:45", "L", "green", 36, "Advice content on track to publish by 21 September.", "40 pages drafted.", "Publish advice content.", "Low.", "", ""),
    (3, 3, "10:45", "D", "green", 42, "Advice content published.", "Advice content live.", "Build the grants journey.", "Low.", "", ""),
    (4, 3, "10:45", "L", "green", 48, "Grants journey in build.", "Grants journey designed.", "Build the grants journey.", "Low.", "", ""),
    (5, 3, "10:45", "L", "green", 54, "Grants journey build on track for 23 November.", "Grants forms built.", "Test the grants journey.", "Low.", "", ""),
    (6, 3, "10:45", "L", "green", 60, "Grants journey testing.", "Testing started.", "Launch on 23 November.", "Low.", "", ""),
    (7, 3, "10:45", "L", "green", 66, "Grants journey ready to launch on 23 November.", "Testing complete.", "Launch.", "Property data licence.", "", ""),
    (8, 3, "10:45", "L", "amber", 70, "Grants journey live since 23 November; commercial property search is delayed because the property data feed licence is not agreed.",
     "Grants journey live.", "Agree the property data licence.", "Property search by 18 January at risk.", "Commercial property data licence not agreed.", ""),
    (9, 3, "10:45", "D", "amber", 72, "The grants journey has taken 44 applications. Commercial property search is still waiting on the data feed licence, so the 18 January date is at risk.",
     "44 grant applications made online.", "Agree the property data licence.", "Property search slips beyond January.",
     "Commercial property data licence not agreed.", ""),
]

S["FN-32"] = [
    (1, 4, "11:15", "L", "green", 20, "Visit Fenmoor brand and design agreed.", "Design agreed.", "Build the events listings.", "Low.", "", ""),
    (3, 4, "11:15", "L", "green", 36, "Events listings in build; 90 events loaded.", "90 events loaded.", "Continue the build.", "Low.", "", ""),
    (4, 4, "11:15", "D", "green", 44, "Events listings build on track for 9 November.", "Listing templates built.", "Test the listings.", "Low.", "", ""),
    (5, 4, "11:15", "L", "green", 52, "Events listings in testing.", "Testing started.", "Launch on 9 November.", "Low.", "", ""),
    (6, 4, "11:15", "L", "green", 60, "Events listings launching on 9 November.", "Testing complete.", "Launch.", "Low.", "", ""),
    (7, 2, "11:15", "L", "green", 66, "Events listings live since 9 November with 120 events.", "Events listings live.", "Build the itineraries section.", "Low.", "", ""),
    (8, 2, "11:15", "L", "green", 70, "Itineraries section in build for 11 December.", "Six itineraries written.", "Launch itineraries.", "Low.", "", ""),
    (9, 2, "11:15", "L", "green", 74, "Events listings live since 9 November with 160 events; itineraries go live on 11 December and the accommodation search build is on track for 19 February.",
     "160 events listed.", "Launch itineraries; build the accommodation search.", "Accommodation providers slow to sign up.", "", ""),
]


def main():
    plan = {p[0]: p for p in PLAN}
    rows = []
    for ref, entries in S.items():
        leads, dep = plan[ref][5], plan[ref][6]
        for (c, d, t, by, rag, pct, summ, ach, nxt, risks, blk, asks) in entries:
            day = C[c] + dt.timedelta(days=d)
            who = {"L": leads[0], "L2": leads[-1], "D": dep}[by]
            assert who, (ref, c, by)
            rows.append([ref, f"{day.isoformat()}T{t}:00Z", email(who), rag, pct, summ, ach, nxt, risks,
                         blk or "None", asks or "None"])
    rows.sort(key=lambda r: (r[1], r[0]))
    with open(os.path.join(OUT, "history.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["project_ref", "submitted_at", "submitted_by_email", "rag", "progress_pct", "summary",
                    "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"])
        w.writerows(rows)
    print(len(rows), "updates")


if __name__ == "__main__":
    main()
